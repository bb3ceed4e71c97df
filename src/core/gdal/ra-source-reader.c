/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading one layer of an open GDAL dataset into an RaLayer: features by
 * one thread or, for a large shapefile or GeoPackage, by two (each with its
 * own dataset handle), geometries converted (ra-gdal-geometry), attribute
 * text decoded (ra-source-text), and a warning for every kind of damage
 * found on the way. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "ra-threads.h"
#include "ra-autocleanups.h"
#include "ra-encoding.h"
#include "ra-error.h"
#include "ra-gdal-crs.h"
#include "ra-gdal-error.h"
#include "ra-gdal-geometry.h"
#include "ra-paths.h"
#include "ra-source.h"
#include "ra-source-private.h"

/* GEOS validity checks cost about as much as reading; bound them.  Beyond
 * a budget of polygon vertices (all China's counties: 6.9 M vertices, where
 * the check took 0.75 s of a 1.3 s render) a layer is not checked at all:
 * a count over part of a layer would be wrong, and the renderer never
 * assumes valid geometry anyway. */
#define RA_VALIDITY_CHECK_MAX_FEATURES 20000
#define RA_VALIDITY_CHECK_MAX_VERTICES 300000
/* Layers with at least this many features are read by two threads, each
 * with its own dataset handle, when the driver can start in the middle
 * cheaply (shapefile record index, GeoPackage rowid range). */
#define RA_PARALLEL_READ_MIN_FEATURES 2000

/* Coordinates beyond these are no place on Earth: degrees in a geographic
 * CRS (a little past ±180 for data crossing the antimeridian), anything
 * else (metres, feet, unknown units) beyond ten million kilometres. */
#define RA_MAX_LON 540.0
#define RA_MAX_LAT 91.0
#define RA_MAX_PROJECTED 1e13

/* Counts what decoding a layer's text did, for its warnings. */
typedef struct {
  const char *charset;    /* (nullable) decode non-UTF-8 text from; NULL: GB18030 */
  guint       n_converted; /* strings that were decoded */
  guint       n_failed;    /* strings that did not decode (made valid) */
} TextDecoder;

/* Returns (transfer full) UTF-8 text. */
static char *
decode_text (TextDecoder *dec, const char *s)
{
  return ra_source_decode_text (dec->charset, s, &dec->n_converted, &dec->n_failed);
}

static RaFieldType
field_type (OGRFieldType t)
{
  switch (t)
    {
    case OFTString:
    case OFTWideString:
      return RA_FIELD_STRING;
    case OFTInteger:
    case OFTInteger64:
      return RA_FIELD_INTEGER;
    case OFTReal:
      return RA_FIELD_REAL;
    case OFTDate:
    case OFTDateTime:
      return RA_FIELD_DATE;
    default:
      return RA_FIELD_OTHER;
    }
}

/* The layer named layer_name (NULL: the first) of ds, opened from path;
 * NULL with an error naming both when there is none. */
OGRLayerH
ra_source_find_layer (GDALDatasetH ds, const char *path, const char *layer_name, GError **error)
{
  OGRLayerH layer;

  layer = layer_name != NULL ? GDALDatasetGetLayerByName (ds, layer_name)
                             : GDALDatasetGetLayer (ds, 0);
  if (layer == NULL)
    {
      g_autofree char *display = ra_path_display_name (path);
      g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                   _("%s: there is no layer named “%s”"), display,
                   layer_name != NULL ? layer_name : "");
    }
  return layer;
}

static void
free_rows (GPtrArray *rows, guint n_fields)
{
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];
      for (guint k = 0; row != NULL && k < n_fields; k++)
        g_free (row[k]);
      g_free (row);
    }
  g_ptr_array_set_size (rows, 0);
}

/* One reader: a run of features of one layer handle, read by one thread
 * (GDAL handles and error handlers are per thread). */
typedef struct {
  /* in */
  OGRLayerH     layer;
  GDALDatasetH  own_ds;          /* (nullable) owned: the second thread's handle */
  gint64        limit;           /* features to read; < 0: to the end */
  guint         n_fields;
  gboolean      skip_attributes;
  double        thin_tol;        /* source units; 0: every vertex */
  double        max_x, max_y;    /* coordinates beyond are out of range */
  gboolean      check_validity;
  guint         validity_budget; /* polygon vertices */
  GCancellable *cancellable;
  /* out */
  TextDecoder   dec;
  GPtrArray    *geoms;           /* RaGeometry* (nullable entries) */
  GPtrArray    *values;          /* char** rows (NULL when skipped) */
  GArray       *fids;            /* gint64 */
  guint         n_damaged, n_invalid_dropped, n_invalid_geos, n_out_of_range;
  guint         kind_count[4];
  guint         n_failures;
  char         *first_failure;
  gboolean      budget_exhausted;
  gboolean      cancelled;
} Reader;

static void
reader_init (Reader *rd, OGRLayerH layer, guint n_fields, const char *charset,
             GCancellable *cancellable)
{
  memset (rd, 0, sizeof *rd);
  rd->layer = layer;
  rd->limit = -1;
  rd->n_fields = n_fields;
  rd->cancellable = cancellable;
  rd->dec.charset = charset;
  rd->max_x = rd->max_y = RA_MAX_PROJECTED;
  rd->geoms = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_geometry_free);
  rd->values = g_ptr_array_new ();
  rd->fids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
reader_clear (Reader *rd)
{
  if (rd->values != NULL)
    free_rows (rd->values, rd->n_fields);
  g_clear_pointer (&rd->values, g_ptr_array_unref);
  g_clear_pointer (&rd->geoms, g_ptr_array_unref);
  g_clear_pointer (&rd->fids, g_array_unref);
  g_clear_pointer (&rd->first_failure, g_free);
  g_clear_pointer (&rd->own_ds, GDALClose);
}

static gpointer
reader_run (gpointer data)
{
  Reader *rd = data;
  guint checked_vertices = 0;
  RaGdalCapture cap;

  ra_gdal_capture_begin (&cap, RA_GDAL_CAPTURE_FAILURES);
  while (rd->limit < 0 || (gint64) rd->geoms->len < rd->limit)
    {
      g_auto(OGRFeatureH) f = NULL;
      guint failures_before = cap.n_failures;
      OGRGeometryH og;
      RaGeometry *geom = NULL;
      RaGdalGeomStatus status = RA_GDAL_GEOM_EMPTY;
      char **row = NULL;
      gint64 fid;

      if ((rd->geoms->len & 255) == 0 && g_cancellable_is_cancelled (rd->cancellable))
        {
          rd->cancelled = TRUE;
          break;
        }
      f = OGR_L_GetNextFeature (rd->layer);
      if (f == NULL)
        break;
      if (cap.n_failures > failures_before)
        rd->n_damaged++;

      og = OGR_F_GetGeometryRef (f);
      if (og != NULL)
        {
          geom = ra_gdal_geometry_convert (og, rd->thin_tol, rd->max_x, rd->max_y, &status);
          if (status == RA_GDAL_GEOM_INVALID)
            rd->n_invalid_dropped++;
          else if (status == RA_GDAL_GEOM_OUT_OF_RANGE)
            rd->n_out_of_range++;
          else if (status == RA_GDAL_GEOM_OK && geom->kind == RA_GEOM_POLYGON && rd->check_validity &&
                   !rd->budget_exhausted)
            {
              guint before = cap.n_failures;

              checked_vertices += geom->n_points;
              if (checked_vertices > rd->validity_budget)
                rd->budget_exhausted = TRUE;
              else if (!OGR_G_IsValid (og))
                rd->n_invalid_geos++;
              /* GEOS complaints are not read errors. */
              cap.n_failures = before;
            }
          if (geom != NULL)
            rd->kind_count[geom->kind]++;
        }

      if (!rd->skip_attributes)
        {
          row = g_new0 (char *, MAX (rd->n_fields, 1));
          for (guint i = 0; i < rd->n_fields; i++)
            if (OGR_F_IsFieldSetAndNotNull (f, (int) i))
              row[i] = decode_text (&rd->dec, OGR_F_GetFieldAsString (f, (int) i));
        }
      g_ptr_array_add (rd->values, row);
      g_ptr_array_add (rd->geoms, geom);
      fid = OGR_F_GetFID (f);
      g_array_append_val (rd->fids, fid);
    }
  rd->n_failures = cap.n_failures;
  rd->first_failure = g_steal_pointer (&cap.first_failure);
  ra_gdal_capture_end (&cap);
  return NULL;
}

/* Sets up rd2 to read the second half of the layer through its own handle
 * and limits rd1 to the first half; FALSE (nothing changed) when the driver
 * cannot start in the middle cheaply or the second handle fails. */
static gboolean
split_reader (Reader *rd1, Reader *rd2, const char *path, const char * const *open_options,
              const char *driver, gint64 expected)
{
  GDALDatasetH ds2;
  OGRLayerH layer2;
  const char *name = OGR_L_GetName (rd1->layer);
  gboolean is_shp = g_strcmp0 (driver, "ESRI Shapefile") == 0;
  /* A PostgreSQL table (or view) keyed by its FID column is split the
   * same way: each half a query of its own on a connection of its own, the
   * WHERE done by the server (issue 19: a project on a server). */
  gboolean is_gpkg = g_strcmp0 (driver, "GPKG") == 0 || g_strcmp0 (driver, "PostgreSQL") == 0;
  const char *fid_col = OGR_L_GetFIDColumn (rd1->layer);

  if (expected < RA_PARALLEL_READ_MIN_FEATURES || ra_get_n_threads () < 2 ||
      !(is_shp || (is_gpkg && fid_col != NULL && *fid_col != '\0')))
    return FALSE;

  ds2 = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, open_options, NULL);
  if (ds2 == NULL)
    return FALSE;
  layer2 = GDALDatasetGetLayerByName (ds2, name);
  if (layer2 == NULL)
    {
      GDALClose (ds2);
      return FALSE;
    }

  if (is_shp)
    {
      /* Shapefile records are indexed by number. */
      gint64 half = expected / 2;

      if (OGR_L_SetNextByIndex (layer2, half) != OGRERR_NONE)
        {
          GDALClose (ds2);
          return FALSE;
        }
      rd1->limit = half;
    }
  else
    {
      /* GeoPackage features are rows of a table keyed by the FID: split
       * the FID range (the halves stay in rowid order). */
      g_autofree char *sql = g_strdup_printf ("SELECT MIN(\"%s\"), MAX(\"%s\") FROM \"%s\"",
                                              fid_col, fid_col, name);
      OGRLayerH res = NULL;
      OGRFeatureH row = NULL;
      gint64 lo = 0, hi = -1, mid;
      g_autofree char *where1 = NULL;
      g_autofree char *where2 = NULL;

      if (strchr (fid_col, '"') == NULL && strchr (name, '"') == NULL)
        res = GDALDatasetExecuteSQL (ds2, sql, NULL, NULL);
      if (res != NULL && (row = OGR_L_GetNextFeature (res)) != NULL)
        {
          lo = OGR_F_GetFieldAsInteger64 (row, 0);
          hi = OGR_F_GetFieldAsInteger64 (row, 1);
        }
      g_clear_pointer (&row, OGR_F_Destroy);
      if (res != NULL)
        GDALDatasetReleaseResultSet (ds2, res);
      if (hi <= lo)
        {
          GDALClose (ds2);
          return FALSE;
        }
      mid = lo + (hi - lo + 1) / 2;
      where1 = g_strdup_printf ("\"%s\" < %" G_GINT64_FORMAT, fid_col, mid);
      where2 = g_strdup_printf ("\"%s\" >= %" G_GINT64_FORMAT, fid_col, mid);
      if (OGR_L_SetAttributeFilter (rd1->layer, where1) != OGRERR_NONE ||
          OGR_L_SetAttributeFilter (layer2, where2) != OGRERR_NONE)
        {
          OGR_L_SetAttributeFilter (rd1->layer, NULL);
          GDALClose (ds2);
          return FALSE;
        }
      OGR_L_ResetReading (rd1->layer);
    }
  rd2->layer = layer2;
  rd2->own_ds = ds2;
  return TRUE;
}

/* Sets the fields GDAL need not parse at all. */
static void
ignore_all_fields (OGRLayerH layer, OGRFeatureDefnH defn, guint n_fields)
{
  g_autofree const char **names = g_new0 (const char *, n_fields + 2);
  guint n = 0;

  for (guint i = 0; i < n_fields; i++)
    names[n++] = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, (int) i));
  names[n++] = "OGR_STYLE";
  OGR_L_SetIgnoredFields (layer, names);
}

RaLayer *
ra_source_read_layer (GDALDatasetH          ds_in,
                      const char           *path,
                      const char           *layer_name,
                      gboolean              skip_attributes,
                      const RaSourceView   *view,
                      const char           *encoding_choice,
                      const char           *crs_problem,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autofree char *display = ra_path_display_name (path);
  g_autoptr(RaLayer) result = NULL;
  g_autoptr(RaCrs) crs = NULL;
  g_autoptr(GPtrArray) geoms = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GArray) fids = NULL;
  Reader rd[2];
  guint n_readers = 1;
  gboolean budget_exhausted = FALSE;
  const char *raw_open_options[] = { "ENCODING=", NULL };
  g_auto(RaSourceText) text = { 0 };
  g_auto(GStrv) field_names = NULL;
  g_autofree RaFieldType *field_types = NULL;
  GDALDatasetH ds = ds_in;
  const char *driver;
  OGRLayerH layer;
  OGRFeatureDefnH defn;
  OGRSpatialReferenceH srs;
  TextDecoder dec = { NULL, 0, 0 };
  RaGdalCapture cap;
  RaGeomKind kind;
  GIntBig expected;
  guint n_fields, n_damaged = 0, n_invalid_dropped = 0, n_invalid_geos = 0, n_out_of_range = 0;
  guint kind_count[4] = { 0 };
  gboolean check_validity;
  gboolean cancelled = FALSE;

  layer = ra_source_find_layer (ds, path, layer_name, error);
  if (layer == NULL)
    return NULL;
  driver = GDALGetDriverShortName (GDALGetDatasetDriver (ds));
  ra_source_text_setup (ds, layer, path, encoding_choice, &text);
  if (text.raw_ds != NULL)
    {
      ds = text.raw_ds;
      layer = text.layer;
    }
  dec.charset = text.charset;

  defn = OGR_L_GetLayerDefn (layer);
  n_fields = (guint) OGR_FD_GetFieldCount (defn);
  field_names = g_new0 (char *, n_fields + 1);
  field_types = g_new0 (RaFieldType, MAX (n_fields, 1));
  for (guint i = 0; i < n_fields; i++)
    {
      OGRFieldDefnH fd = OGR_FD_GetFieldDefn (defn, (int) i);
      field_names[i] = decode_text (&dec, OGR_Fld_GetNameRef (fd));
      field_types[i] = field_type (OGR_Fld_GetType (fd));
    }

  srs = OGR_L_GetSpatialRef (layer);
  /* GDAL reads a CRS it does not know as WGS 84: say so, draw without. */
  if (srs != NULL && crs_problem == NULL)
    crs = ra_gdal_crs_from_ogr (srs, RA_GDAL_CRS_FIND_MATCHES);

  expected = OGR_L_GetFeatureCount (layer, FALSE);
  check_validity = expected >= 0 && expected < RA_VALIDITY_CHECK_MAX_FEATURES;
  /* A file of more than ~16 bytes per vertex allowed (two doubles; text
   * formats take more) is not checked at all, so the budget is not spent
   * on a layer that will not be reported anyway. */
  {
    GStatBuf st;

    if (check_validity && g_stat (path, &st) == 0 && S_ISREG (st.st_mode) &&
        st.st_size / 16 > 4 * (gint64) RA_VALIDITY_CHECK_MAX_VERTICES)
      check_validity = FALSE;
  }

  reader_init (&rd[0], layer, n_fields, dec.charset, cancellable);
  reader_init (&rd[1], NULL, n_fields, dec.charset, cancellable);
  OGR_L_ResetReading (layer);
  if (split_reader (&rd[0], &rd[1], path, text.raw_ds != NULL ? raw_open_options : NULL, driver, expected))
    n_readers = 2;
  for (guint r = 0; r < n_readers; r++)
    {
      rd[r].skip_attributes = skip_attributes;
      /* In the view's CRS already: drop what falls in the same half pixel
       * as it is read (nothing to reproject, so nothing else would). */
      if (view != NULL && view->resolution > 0.0 && crs != NULL && ra_crs_equal (crs, view->crs))
        rd[r].thin_tol = 0.5 * view->resolution;
      rd[r].check_validity = check_validity;
      if (crs != NULL && ra_crs_is_geographic (crs))
        {
          rd[r].max_x = RA_MAX_LON;
          rd[r].max_y = RA_MAX_LAT;
        }
      rd[r].validity_budget = RA_VALIDITY_CHECK_MAX_VERTICES / n_readers;
      if (skip_attributes)
        ignore_all_fields (rd[r].layer, defn, n_fields);
    }
  if (n_readers == 2)
    {
      GThread *second = g_thread_new ("ra-source-read", reader_run, &rd[1]);

      reader_run (&rd[0]);
      g_thread_join (second);
    }
  else
    reader_run (&rd[0]);
  /* The dataset may be read again (other layers, the app's reload). */
  if (n_readers == 2)
    OGR_L_SetAttributeFilter (layer, NULL);
  if (skip_attributes)
    OGR_L_SetIgnoredFields (layer, NULL);

  geoms = g_steal_pointer (&rd[0].geoms);
  values = g_steal_pointer (&rd[0].values);
  fids = g_steal_pointer (&rd[0].fids);
  ra_gdal_capture_begin (&cap, RA_GDAL_CAPTURE_FAILURES);
  for (guint r = 0; r < n_readers; r++)
    {
      if (r > 0)
        {
          g_ptr_array_extend_and_steal (geoms, g_steal_pointer (&rd[r].geoms));
          g_ptr_array_extend_and_steal (values, g_steal_pointer (&rd[r].values));
          g_array_append_vals (fids, rd[r].fids->data, rd[r].fids->len);
        }
      cancelled |= rd[r].cancelled;
      n_damaged += rd[r].n_damaged;
      n_invalid_dropped += rd[r].n_invalid_dropped;
      n_invalid_geos += rd[r].n_invalid_geos;
      n_out_of_range += rd[r].n_out_of_range;
      budget_exhausted |= rd[r].budget_exhausted;
      dec.n_converted += rd[r].dec.n_converted;
      dec.n_failed += rd[r].dec.n_failed;
      for (guint k = 0; k < G_N_ELEMENTS (kind_count); k++)
        kind_count[k] += rd[r].kind_count[k];
      cap.n_failures += rd[r].n_failures;
      if (cap.first_failure == NULL && rd[r].first_failure != NULL)
        cap.first_failure = g_steal_pointer (&rd[r].first_failure);
    }
  for (guint r = 0; r < G_N_ELEMENTS (rd); r++)
    reader_clear (&rd[r]);
  /* Part of the layer checked: report nothing rather than a wrong count. */
  if (budget_exhausted)
    n_invalid_geos = 0;

  if (cancelled)
    {
      ra_gdal_capture_end (&cap);
      free_rows (values, n_fields);
      g_set_error (error, RA_ERROR, RA_ERROR_CANCELLED,
                   _("%s: loading was cancelled"), display);
      return NULL;
    }

  {
    guint n_read = geoms->len;
    guint n_good = n_read - MIN (n_damaged, n_read);
    guint n_expected = expected >= 0 ? (guint) MAX (expected, (GIntBig) n_read) : n_read;
    g_autofree char *cause = ra_gdal_cause_suffix (cap.first_failure);

    if (n_read == 0 && cap.n_failures == 0 && n_expected == 0)
      {
        ra_gdal_capture_end (&cap);
        g_set_error (error, RA_ERROR, RA_ERROR_EMPTY,
                     _("%s: layer “%s” has no features"), display, OGR_L_GetName (layer));
        free_rows (values, n_fields);
        return NULL;
      }
    if (n_good == 0)
      {
        g_set_error (error, RA_ERROR, RA_ERROR_CORRUPT,
                     _("%s: the file is damaged or truncated; none of its %u features could be read%s"),
                     display, n_expected, cause);
        ra_gdal_capture_end (&cap);
        free_rows (values, n_fields);
        return NULL;
      }

    /* The dominant kind: the declared one, else the most common read. */
    kind = ra_gdal_kind_of_type (OGR_L_GetGeomType (layer));
    if (kind == RA_GEOM_NONE)
      {
        guint best = 0;
        for (guint k = RA_GEOM_POINT; k <= RA_GEOM_POLYGON; k++)
          if (kind_count[k] > best)
            {
              best = kind_count[k];
              kind = k;
            }
      }

    {
      /* A shapefile's layer is named after its file (GBK bytes from a
       * Chinese Windows zip); the source keeps GDAL's name. */
      g_autofree char *shown = ra_path_display_name (OGR_L_GetName (layer));

      result = ra_layer_new (shown, kind, crs);
    }
    ra_layer_set_fields (result, n_fields, (const char * const *) field_names, field_types);
    for (guint i = 0; i < n_read; i++)
      ra_layer_add_feature (result, g_array_index (fids, gint64, i),
                            g_steal_pointer (&geoms->pdata[i]), values->pdata[i]);
    ra_layer_set_source (result, path, OGR_L_GetName (layer), driver);

    if (n_good < n_expected)
      {
        g_autofree char *msg =
          g_strdup_printf (_("damaged: only %u of %u features could be read%s"),
                           n_good, n_expected, cause);
        ra_layer_add_warning (result, msg);
      }
    ra_gdal_capture_end (&cap);
  }

  if (n_invalid_dropped + n_invalid_geos > 0)
    {
      g_autofree char *msg = NULL;

      if (n_invalid_dropped > 0 && n_invalid_geos > 0)
        msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u feature has invalid geometry: %u self-intersecting or with unclosed rings (drawn as they are), %u with non-finite coordinates or rings of fewer than 3 points (not drawn)",
                                            "%u features have invalid geometry: %u self-intersecting or with unclosed rings (drawn as they are), %u with non-finite coordinates or rings of fewer than 3 points (not drawn)",
                                            n_invalid_geos + n_invalid_dropped),
                               n_invalid_geos + n_invalid_dropped, n_invalid_geos, n_invalid_dropped);
      else if (n_invalid_geos > 0)
        msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u feature has invalid geometry (self-intersecting or unclosed rings); it is drawn as it is",
                                            "%u features have invalid geometry (self-intersecting or unclosed rings); they are drawn as they are",
                                            n_invalid_geos),
                               n_invalid_geos);
      else
        msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u feature has invalid geometry (non-finite coordinates or rings with fewer than 3 points); it is not drawn",
                                            "%u features have invalid geometry (non-finite coordinates or rings with fewer than 3 points); they are not drawn",
                                            n_invalid_dropped),
                               n_invalid_dropped);
      ra_layer_add_warning (result, msg);
    }

  if (n_out_of_range > 0)
    {
      gboolean geographic = crs != NULL && ra_crs_is_geographic (crs);
      g_autofree char *range = geographic
        ? g_strdup_printf (_("longitude beyond ±%g° or latitude beyond ±%g°"), RA_MAX_LON, RA_MAX_LAT)
        : g_strdup_printf (_("beyond ±%g map units"), RA_MAX_PROJECTED);
      g_autofree char *msg =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u feature has coordinates no place on Earth has (%s, such as 1e308); it is not drawn",
                                      "%u features have coordinates no place on Earth has (%s, such as 1e308); they are not drawn",
                                      n_out_of_range),
                         n_out_of_range, range);
      ra_layer_add_warning (result, msg);
    }
  if (text.label != NULL)
    ra_layer_set_encoding (result, text.label);
  else
    ra_layer_set_encoding (result, dec.n_converted > 0 ? _("GB18030 (detected)") : "UTF-8");
  if (text.warning != NULL)
    ra_layer_add_warning (result, text.warning);
  if (dec.n_failed > 0)
    {
      g_autofree char *msg =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u text value does not decode from %s; its undecodable bytes are shown as �",
                                      "%u text values do not decode from %s; their undecodable bytes are shown as �",
                                      dec.n_failed),
                         dec.n_failed, ra_encoding_display_name (dec.charset != NULL ? dec.charset : "GB18030"));
      ra_layer_add_warning (result, msg);
    }
  if (crs_problem != NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("%s: shown without a CRS; assign one if you know it"),
                                              crs_problem);
      ra_layer_add_warning (result, msg);
    }

  return g_steal_pointer (&result);
}
