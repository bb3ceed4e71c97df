/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A layer's features streamed for one view (see ra-source-stream.h): OGR
 * reads one feature at a time with every attribute field ignored and, when
 * the view shows part of the layer, a spatial filter on it; each geometry
 * is converted (ra-gdal-geometry), thinned to half a pixel in the source
 * CRS, transformed in one batch per feature into the map CRS and handed
 * out until the next one replaces it.  Nothing of the layer is kept. */
#include "config.h"

#include <dlfcn.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <cpl_conv.h>
#include <sqlite3.h>
#include <spatialite/gaiageo.h>
#ifdef HAVE_SHAPELIB
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <shapefil.h>
#endif

#include "ra-autocleanups.h"
#include "ra-error.h"
#include "ra-gdal-crs.h"
#include "ra-gdal-error.h"
#include "ra-gdal-geometry.h"
#include "ra-paths.h"
#include "ra-source-private.h"
#include "ra-source-stream.h"

/* As ra-source-reader.c: coordinates beyond these are no place on Earth. */
#define RA_MAX_LON 540.0
#define RA_MAX_LAT 91.0
#define RA_MAX_PROJECTED 1e13

/* What only a stream that OGR opened does (stream_new sets it; a stream
 * of ra_source_stream_open_shapefile has none): reached through these
 * pointers alone, so that a program that reads shapefiles only links no
 * GDAL (the command line's render, src/cli/ra-cli-render.c). */
typedef struct {
  RaGeometry *(*read_one)         (RaSourceStream *s);
  void        (*capture_begin)    (RaSourceStream *s);
  void        (*capture_end)      (RaSourceStream *s);
  void        (*set_organize)     (RaSourceStream *s);
  void        (*restore_organize) (RaSourceStream *s);
  void        (*release)          (RaSourceStream *s);
} StreamOgr;

struct _RaSourceStream {
  const StreamOgr *ogr;        /* (nullable) */
  GDALDatasetH   ds;
  OGRLayerH      layer;
  char          *name;
  char          *display;
  char          *crs_problem;
  RaCrs         *crs;          /* (nullable) the source's */
  RaTransform   *t;            /* (nullable) source to map CRS; NULL: as is */
  RaGeomKind     kind;
  double         thin_tol;     /* source units */
  double         max_x, max_y;
  RaGeometry    *current;      /* owned: the last handed out */
  RaGdalCapture  cap;
  gboolean       capturing;
  gboolean       done;
  GIntBig        expected;
  guint          n_read, n_damaged, n_invalid, n_out_of_range;
  GPtrArray     *warnings;
  char          *organize;     /* the thread's OGR_ORGANIZE_POLYGONS before */
  gboolean       organize_set;
  /* Read ahead by a second thread (ra_source_stream_set_prefetch): batches
   * of geometries handed over through a short queue. */
  gboolean       prefetch;
  GThread       *thread;
  GMutex         lock;
  GCond          cond;
  GQueue         batches;      /* GPtrArray* of RaGeometry* (owned) */
  gboolean       producer_done;
  gboolean       stop;
  GPtrArray     *batch;        /* the one being handed out */
  guint          batch_i;
  GQueue         spent;        /* batches drawn, freed by the reading thread */
#ifdef HAVE_SHAPELIB
  /* A shapefile's geometry read by shapelib (shp_read_one): OGR opened
   * it for its layer, CRS and extent only. */
  SHPHandle      shp;
  DBFHandle      dbf;          /* (nullable) for the deleted flags */
  int            shp_next, shp_count;
  char          *shp_failure;  /* shapelib's first complaint, as OGR words it */
  int            shp_fd;       /* the .shp for shp_read_direct; -1: none */
  gint64         shp_size;
  guchar        *shp_buf;      /* a window of the .shp (reused) */
  gsize          shp_buf_size;
  gint64         shp_win_off;  /* the file's bytes in shp_buf: from here */
  gsize          shp_win_len;  /* this many */
#endif
  /* A GeoPackage's one feature table read with SQLite, its geometry blobs
   * decoded by SpatiaLite (gpkg_read_one): no GDAL. */
  sqlite3       *gpkg;
  sqlite3_stmt  *gpkg_rows;
  char          *gpkg_failure; /* the first blob that could not be read: why */
};

/* Batches the reading thread fills: this many vertices or features each,
 * and at most RA_STREAM_QUEUE of them waiting (a few MB at most). */
#define RA_STREAM_BATCH_VERTICES 32768
#define RA_STREAM_BATCH_FEATURES 512
#define RA_STREAM_QUEUE 4

/* Frees a batch of the reading thread and the geometries left in it. */
static void
free_batch (GPtrArray *batch)
{
  for (guint i = 0; i < batch->len; i++)
    ra_geometry_free (g_ptr_array_index (batch, i));
  g_ptr_array_unref (batch);
}

/* The largest number of map units per source unit over box (sampled on a
 * grid, as the reprojection of a layer does), 0 if it cannot be found. */
static double
max_map_scale (RaTransform *t, const RaBBox *box)
{
  enum { N = 7 };
  double w = box->x1 - box->x0, h = box->y1 - box->y0;
  double d = MAX (w, h) * 1e-6, scale = 0.0;

  if (!(d > 0.0))
    return 0.0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++)
      {
        double x = box->x0 + w * i / (N - 1), y = box->y0 + h * j / (N - 1);
        double pts[6] = { x, y, x + d, y, x, y + d };

        if (ra_transform_points (t, pts, 3) != 0)
          continue;
        scale = MAX (scale, hypot (pts[2] - pts[0], pts[3] - pts[1]) / d);
        scale = MAX (scale, hypot (pts[4] - pts[0], pts[5] - pts[1]) / d);
      }
  return isfinite (scale) ? scale : 0.0;
}

/* Every attribute field ignored: GDAL then parses none. */
static void
ignore_all_fields (OGRLayerH layer)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int n = OGR_FD_GetFieldCount (defn);
  g_autofree const char **names = g_new0 (const char *, n + 2);
  int k = 0;

  for (int i = 0; i < n; i++)
    names[k++] = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i));
  names[k++] = "OGR_STYLE";
  OGR_L_SetIgnoredFields (layer, names);
}

#ifdef HAVE_SHAPELIB
/* The stream whose records this thread reads (shapelib's error hook has
 * no user data). */
static __thread RaSourceStream *shp_reading;

/* shapelib prints its complaints; a damaged record is counted instead
 * (SHPReadObject returns NULL) and the first complaint kept for the
 * warning, as GDAL passes it on. */
static void
shp_quiet_error (const char *message)
{
  if (shp_reading != NULL && shp_reading->shp_failure == NULL && message != NULL)
    shp_reading->shp_failure = g_strdup (message);
}

/* TRUE when path names a shapefile shapelib may read: its name ends in
 * .shp and RA_RENDER_SHAPELIB=0 does not leave every shapefile to OGR. */
static gboolean
shp_wanted (const char *path)
{
  const char *env = g_getenv ("RA_RENDER_SHAPELIB");

  if (env != NULL && g_strcmp0 (env, "0") == 0)
    return FALSE;
  return g_str_has_suffix (path, ".shp") || g_str_has_suffix (path, ".SHP");
}

/* A file shapelib reads through the hooks below: mapped into memory, read
 * by copying.  For the .dbf, of which only each record's deleted flag is
 * read: through stdio every DBFIsRecordDeleted was an lseek and a read
 * (6,500 system calls for China's counties). */
typedef struct {
  GMappedFile *map;
  const char  *data;
  gsize        len, pos;
} ShpMemFile;

static SAFile
shp_mem_open (const char *filename, const char *access)
{
  ShpMemFile *f;
  GMappedFile *map;

  if (strpbrk (access, "wa+") != NULL)
    return NULL;
  map = g_mapped_file_new (filename, FALSE, NULL);
  if (map == NULL)
    return NULL;
  f = g_new0 (ShpMemFile, 1);
  f->map = map;
  f->data = g_mapped_file_get_contents (map);
  f->len = g_mapped_file_get_length (map);
  return (SAFile) (gpointer) f;
}

static SAOffset
shp_mem_read (void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
  ShpMemFile *f = (ShpMemFile *) (gpointer) file;
  gsize n;

  if (size == 0 || f->pos >= f->len)
    return 0;
  n = MIN ((gsize) (size * nmemb), f->len - f->pos) / size;
  memcpy (p, f->data + f->pos, n * size);
  f->pos += n * size;
  return n;
}

static SAOffset
shp_mem_write (void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
  (void) p; (void) size; (void) nmemb; (void) file;
  return 0;
}

static SAOffset
shp_mem_seek (SAFile file, SAOffset offset, int whence)
{
  ShpMemFile *f = (ShpMemFile *) (gpointer) file;
  gsize base = whence == SEEK_CUR ? f->pos : whence == SEEK_END ? f->len : 0;

  f->pos = base + (gsize) offset;
  return 0;
}

static SAOffset
shp_mem_tell (SAFile file)
{
  return (SAOffset) ((ShpMemFile *) (gpointer) file)->pos;
}

static int
shp_mem_flush (SAFile file)
{
  (void) file;
  return 0;
}

static int
shp_mem_close (SAFile file)
{
  ShpMemFile *f = (ShpMemFile *) (gpointer) file;

  g_mapped_file_unref (f->map);
  g_free (f);
  return 0;
}

/* Opens path's geometry with shapelib when shapelib reads its shapes as OGR
 * would (not multipatches) and its .dbf agrees with it; FALSE leaves it
 * to OGR. */
static gboolean
shp_attach (RaSourceStream *s, const char *path)
{
  SAHooks hooks;
  int n = 0, type = SHPT_NULL;

  SASetupDefaultHooks (&hooks);
  hooks.Error = shp_quiet_error;
  s->shp = SHPOpenLL (path, "rb", &hooks);
  if (s->shp == NULL)
    return FALSE;
  SHPGetInfo (s->shp, &n, &type, NULL, NULL);
  if (type == SHPT_MULTIPATCH || n < 0)
    {
      g_clear_pointer (&s->shp, SHPClose);
      return FALSE;
    }
  /* Each SHPObject is the handle's own until the next read: no
   * allocation per record. */
  SHPSetFastModeReadObject (s->shp, TRUE);
  s->shp_count = n;
  /* OGR skips the records the .dbf marks deleted.  A shapefile without
   * its .dbf, or whose .dbf holds another number of records or less than
   * it declares, is OGR's to read (it reads as many features as the .dbf
   * has records, or stops at a damaged one). */
  {
    g_autofree char *stem = g_strndup (path, strlen (path) - 4);
    g_autofree char *dbf = g_strconcat (stem, ".dbf", NULL);
    g_autofree char *dbf_upper = g_strconcat (stem, ".DBF", NULL);
    const char *dbf_path = dbf;
    GStatBuf st;

    SAHooks mem_hooks = hooks;

    mem_hooks.FOpen = shp_mem_open;
    mem_hooks.FRead = shp_mem_read;
    mem_hooks.FWrite = shp_mem_write;
    mem_hooks.FSeek = shp_mem_seek;
    mem_hooks.FTell = shp_mem_tell;
    mem_hooks.FFlush = shp_mem_flush;
    mem_hooks.FClose = shp_mem_close;
    s->dbf = DBFOpenLL (dbf, "rb", &mem_hooks);
    if (s->dbf == NULL)
      {
        s->dbf = DBFOpenLL (dbf_upper, "rb", &mem_hooks);
        dbf_path = dbf_upper;
      }
    if (s->dbf == NULL || DBFGetRecordCount (s->dbf) != n || g_stat (dbf_path, &st) != 0 ||
        (gint64) st.st_size < (gint64) s->dbf->nHeaderLength + (gint64) n * s->dbf->nRecordLength)
      {
        g_clear_pointer (&s->dbf, DBFClose);
        g_clear_pointer (&s->shp, SHPClose);
        return FALSE;
      }
  }
  /* 2D polygons and lines are read by shp_read_direct on a little-endian
   * machine: each record into one buffer (reused), its vertices thinned
   * from there into the geometry, without shapelib's copies. */
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN && (type == SHPT_POLYGON || type == SHPT_ARC))
    {
      int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
      struct stat st;

      if (fd >= 0 && fstat (fd, &st) == 0 && st.st_size > 100)
        {
          s->shp_fd = fd;
          s->shp_size = (gint64) st.st_size;
        }
      else if (fd >= 0)
        close (fd);
    }
  return TRUE;
}

/* shp_attach for a shapefile OGR opened as the one layer of its dataset. */
static void
shp_open (RaSourceStream *s, const char *path)
{
  GDALDriverH drv = GDALGetDatasetDriver (s->ds);

  if (!shp_wanted (path) || drv == NULL ||
      g_strcmp0 (GDALGetDriverShortName (drv), "ESRI Shapefile") != 0 ||
      GDALDatasetGetLayerCount (s->ds) != 1)
    return;
  shp_attach (s, path);
}

/* Little-endian and big-endian 32-bit integers of a record. */
static gint32
le32 (const guchar *p)
{
  return (gint32) ((guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24);
}

static gint32
be32 (const guchar *p)
{
  return (gint32) ((guint32) p[3] | (guint32) p[2] << 8 | (guint32) p[1] << 16 | (guint32) p[0] << 24);
}

/* How much of the .shp shp_read_direct reads at once. */
#define RA_SHP_WINDOW (1024 * 1024)

/* Record i of a 2D polygon or line shapefile read without shapelib's
 * copies: the record in s->shp_buf, its parts, then its vertices from
 * there into the geometry (the file holds them as x, y pairs of
 * little-endian doubles, as the geometry does).  Only a record every check
 * of SHPReadObject passes (and whose header agrees with the .shx and the
 * file's type) is read here; FALSE leaves the record to SHPReadObject,
 * which reads it or says why not. */
static gboolean
shp_read_direct (RaSourceStream *s, int i, RaGeometry **out, RaGdalGeomStatus *status)
{
  const SHPInfo *h = s->shp;
  const guchar *head, *starts;
  gint64 off = h->panRecOffset[i], size = h->panRecSize[i];
  gint32 n_parts, n_points, prev = -1;
  RaGeometry *geom;

  if (s->shp_fd < 0 || size < 44 || off < 0 || off + 8 + size > s->shp_size ||
      size > 16 * 50 * 1000 * 1000)
    return FALSE;
  /* The records follow each other: one read of RA_SHP_WINDOW bytes (or
   * of the record, if larger) from a record on serves the next ones. */
  if (off < s->shp_win_off || off + 8 + size > s->shp_win_off + (gint64) s->shp_win_len)
    {
      gsize want = MAX ((gsize) (8 + size), RA_SHP_WINDOW);
      gssize got;

      want = (gsize) MIN ((gint64) want, s->shp_size - off);
      if (want > s->shp_buf_size)
        {
          g_free (s->shp_buf);
          s->shp_buf = g_malloc (want);
          s->shp_buf_size = want;
        }
      s->shp_win_len = 0;
      got = pread (s->shp_fd, s->shp_buf, want, (off_t) off);
      if (got < 8 + size)
        return FALSE;
      s->shp_win_off = off;
      s->shp_win_len = (gsize) got;
    }
  head = s->shp_buf + (off - s->shp_win_off);
  if ((gint64) be32 (head + 4) * 2 != size || le32 (head + 8) != h->nShapeType)
    return FALSE;
  n_parts = le32 (head + 44);
  n_points = le32 (head + 48);
  if (n_parts <= 0 || n_points <= 0 || n_parts > 10 * 1000 * 1000 || n_points > 50 * 1000 * 1000 ||
      44 + 4 * (gint64) n_parts + 16 * (gint64) n_points > size)
    return FALSE;
  starts = head + 52;
  for (gint32 p = 0; p < n_parts; p++)
    {
      gint32 start = le32 (starts + 4 * p);

      if (start < 0 || start >= n_points || start <= prev)
        return FALSE;
      prev = start;
    }
  geom = ra_geometry_new_uninit (h->nShapeType == SHPT_POLYGON ? RA_GEOM_POLYGON : RA_GEOM_LINE,
                                 (guint) n_points, (guint) n_parts);
  for (gint32 p = 0; p < n_parts; p++)
    geom->parts[p] = (guint) le32 (starts + 4 * p);
  *status = ra_gdal_geometry_finish_from (&geom, (const double *) (starts + 4 * (gsize) n_parts),
                                          s->thin_tol, s->max_x, s->max_y);
  *out = geom;
  return TRUE;
}

/* The record's kind (as OGR reads it), RA_GEOM_NONE for no geometry. */
static RaGeomKind
shp_kind (int type)
{
  switch (type)
    {
    case SHPT_POINT: case SHPT_POINTZ: case SHPT_POINTM:
    case SHPT_MULTIPOINT: case SHPT_MULTIPOINTZ: case SHPT_MULTIPOINTM:
      return RA_GEOM_POINT;
    case SHPT_ARC: case SHPT_ARCZ: case SHPT_ARCM:
      return RA_GEOM_LINE;
    case SHPT_POLYGON: case SHPT_POLYGONZ: case SHPT_POLYGONM:
      return RA_GEOM_POLYGON;
    default:
      return RA_GEOM_NONE;
    }
}

/* One record as ra_gdal_geometry_convert makes an OGR geometry: a part
 * per ring or line (empty ones left out), a point per part for points,
 * then ra_gdal_geometry_finish.  NULL with *status when there is none. */
static RaGeometry *
shp_convert (const SHPObject *o, double thin_tol, double max_x, double max_y,
             RaGdalGeomStatus *status)
{
  RaGeomKind kind = shp_kind (o->nSHPType);
  RaGeometry *geom;
  guint n_parts = 0;

  *status = RA_GDAL_GEOM_EMPTY;
  if (kind == RA_GEOM_NONE || o->nVertices <= 0)
    return NULL;
  /* A point whose x and y are both NaN is OGR's empty point. */
  if ((o->nSHPType == SHPT_POINT || o->nSHPType == SHPT_POINTZ || o->nSHPType == SHPT_POINTM) &&
      isnan (o->padfX[0]) && isnan (o->padfY[0]))
    return NULL;
  if (kind == RA_GEOM_POINT)
    n_parts = (guint) o->nVertices;
  else if (o->nParts <= 0)
    return NULL;
  else
    for (int p = 0; p < o->nParts; p++)
      {
        int end = p + 1 < o->nParts ? o->panPartStart[p + 1] : o->nVertices;

        n_parts += end > o->panPartStart[p];
      }
  if (n_parts == 0)
    return NULL;

  geom = ra_geometry_new_uninit (kind, (guint) o->nVertices, n_parts);
  for (int i = 0; i < o->nVertices; i++)
    {
      geom->xy[2 * i] = o->padfX[i];
      geom->xy[2 * i + 1] = o->padfY[i];
    }
  if (kind == RA_GEOM_POINT)
    for (guint i = 0; i < n_parts; i++)
      geom->parts[i] = i;
  else
    {
      guint k = 0;

      for (int p = 0; p < o->nParts; p++)
        {
          int end = p + 1 < o->nParts ? o->panPartStart[p + 1] : o->nVertices;

          if (end > o->panPartStart[p])
            geom->parts[k++] = (guint) o->panPartStart[p];
        }
    }
  *status = ra_gdal_geometry_finish (&geom, thin_tol, max_x, max_y);
  return geom;
}
#endif

/* Drops a reference to a dataset the streams of one file share (see
 * ra_source_stream_open_all); the last one closes it. */
static void
release_dataset (GDALDatasetH ds)
{
  if (ds != NULL && GDALDereferenceDataset (ds) <= 0)
    GDALClose (ds);
}

/* A stream with nothing opened yet, for path. */
static RaSourceStream *
stream_alloc (const char *path)
{
  RaSourceStream *s = g_new0 (RaSourceStream, 1);

  g_mutex_init (&s->lock);
  g_cond_init (&s->cond);
  g_queue_init (&s->batches);
  g_queue_init (&s->spent);
  s->display = ra_path_display_name (path);
  s->max_x = s->max_y = RA_MAX_PROJECTED;
#ifdef HAVE_SHAPELIB
  s->shp_fd = -1;
#endif
  return s;
}

/* From the source's CRS (s->crs, nullable) and its extent (layer_box,
 * nullable): the coordinate limits, the transform into map_crs and the
 * thinning tolerance for a view of bbox (nullable) at resolution.
 * *window is the view in the source CRS when it leaves part of the layer
 * out, else empty. */
static gboolean
stream_setup (RaSourceStream *s,
              RaCrs         *map_crs,
              const RaBBox  *bbox,
              const RaBBox  *layer_box,
              double         resolution,
              RaBBox        *window,
              GError       **error)
{
  RaBBox source_box = RA_BBOX_EMPTY;

  *window = RA_BBOX_EMPTY;
  if (s->crs != NULL && ra_crs_is_geographic (s->crs))
    {
      s->max_x = RA_MAX_LON;
      s->max_y = RA_MAX_LAT;
    }
  if (s->crs != NULL && map_crs != NULL && !ra_crs_equal (s->crs, map_crs))
    {
      s->t = ra_transform_new (s->crs, map_crs, error);
      if (s->t == NULL)
        return FALSE;
      if (ra_transform_is_identity (s->t))
        g_clear_pointer (&s->t, ra_transform_free);
    }

  /* The view in the source CRS: a spatial filter when it leaves part of
   * the layer out, and the box the thinning tolerance is measured on. */
  if (bbox != NULL)
    {
      if (s->t == NULL)
        source_box = *bbox;
      else
        {
          g_autoptr(RaTransform) back = ra_transform_new (map_crs, s->crs, NULL);

          if (back == NULL || !ra_transform_bbox (back, bbox, &source_box))
            source_box = RA_BBOX_EMPTY;
        }
      if (!ra_bbox_is_empty (&source_box) && layer_box != NULL &&
          (source_box.x0 > layer_box->x0 || source_box.y0 > layer_box->y0 ||
           source_box.x1 < layer_box->x1 || source_box.y1 < layer_box->y1))
        *window = source_box;
    }
  if (resolution > 0.0 && map_crs != NULL && s->crs != NULL)
    {
      /* Half a pixel in the source CRS, as the in-memory reader thins
       * for one view (ra_source_load_layer_for_view) and the reprojection
       * before PROJ (ra_layer_set_draw_resolution): the same vertices
       * reach the renderer, so the pictures are the same.  (The renderer's
       * own level of detail alone would do, 6 % less CPU for the counties,
       * but moves 1.6 % of the pixels of their outlines by a fraction.) */
      if (s->t == NULL)
        s->thin_tol = 0.5 * resolution;
      else
        {
          /* Over the whole layer, as its reprojection measures it
           * (_ra_layer_reproject): the same tolerance, the same vertices. */
          double scale;

          scale = layer_box != NULL ? max_map_scale (s->t, layer_box) : 0.0;
          if (scale > 0.0)
            s->thin_tol = 0.5 * resolution / scale;
        }
    }
  return TRUE;
}

static RaGeometry *ogr_read_one (RaSourceStream *s);

static void
ogr_capture_begin (RaSourceStream *s)
{
  ra_gdal_capture_begin (&s->cap, RA_GDAL_CAPTURE_FAILURES);
  s->capturing = TRUE;
}

static void
ogr_capture_end (RaSourceStream *s)
{
  ra_gdal_capture_end (&s->cap);
  s->capturing = FALSE;
}

static void
ogr_set_organize (RaSourceStream *s)
{
  /* A shapefile's rings need not be sorted into polygons (outer rings and
   * their holes, OGR's organizePolygons: 3 % of the counties' render): the
   * renderer fills every ring of a feature with the even-odd rule.  GDAL
   * reads it in the thread that reads the features. */
  s->organize = g_strdup (CPLGetThreadLocalConfigOption ("OGR_ORGANIZE_POLYGONS", NULL));
  CPLSetThreadLocalConfigOption ("OGR_ORGANIZE_POLYGONS", "SKIP");
  s->organize_set = TRUE;
}

static void
ogr_restore_organize (RaSourceStream *s)
{
  if (!s->organize_set)
    return;
  CPLSetThreadLocalConfigOption ("OGR_ORGANIZE_POLYGONS", s->organize);
  g_clear_pointer (&s->organize, g_free);
  s->organize_set = FALSE;
}

static void
ogr_release (RaSourceStream *s)
{
  g_clear_pointer (&s->ds, release_dataset);
}

static const StreamOgr stream_ogr = {
  ogr_read_one, ogr_capture_begin, ogr_capture_end, ogr_set_organize, ogr_restore_organize,
  ogr_release,
};

/* A stream of layer of ds (a reference to ds is taken), opened from path
 * with crs_problem (nullable). */
static RaSourceStream *
stream_new (GDALDatasetH  ds,
            OGRLayerH     layer,
            const char   *path,
            const char   *crs_problem,
            RaCrs        *map_crs,
            const RaBBox *bbox,
            double        resolution,
            GError      **error)
{
  g_autoptr(RaSourceStream) s = NULL;
  OGRSpatialReferenceH srs;
  OGREnvelope env;
  RaBBox layer_box = RA_BBOX_EMPTY, window;
  gboolean have_extent;

  s = stream_alloc (path);
  s->ogr = &stream_ogr;
  GDALReferenceDataset (ds);
  s->ds = ds;
  s->crs_problem = g_strdup (crs_problem);
  s->layer = layer;
  s->name = ra_path_display_name (OGR_L_GetName (s->layer));
  s->kind = ra_gdal_kind_of_type (OGR_L_GetGeomType (s->layer));
  s->expected = OGR_L_GetFeatureCount (s->layer, FALSE);
  srs = OGR_L_GetSpatialRef (s->layer);
  if (srs != NULL && s->crs_problem == NULL)
    s->crs = ra_gdal_crs_from_ogr (srs, RA_GDAL_CRS_FIND_MATCHES);
  have_extent = OGR_L_GetExtent (s->layer, &env, FALSE) == OGRERR_NONE;
  if (have_extent)
    layer_box = (RaBBox) { env.MinX, env.MinY, env.MaxX, env.MaxY };
  if (!stream_setup (s, map_crs, bbox, have_extent ? &layer_box : NULL, resolution, &window, error))
    return NULL;
  if (!ra_bbox_is_empty (&window))
    OGR_L_SetSpatialFilterRect (s->layer, window.x0, window.y0, window.x1, window.y1);
#ifdef HAVE_SHAPELIB
  /* A window of the layer: OGR, which reads only the records it needs
   * when the shapefile has a spatial index (.qix) and drops those whose
   * geometry (not only box) misses the window. */
  if (ra_bbox_is_empty (&window))
    shp_open (s, path);
#endif
  ignore_all_fields (s->layer);
  OGR_L_ResetReading (s->layer);
  /* GDAL's complaints about damaged features are counted, not printed. */
  ogr_capture_begin (s);
  return g_steal_pointer (&s);
}

RaSourceStream *
ra_source_stream_open (const char   *path,
                       const char   *layer_name,
                       RaCrs        *map_crs,
                       const RaBBox *bbox,
                       double        resolution,
                       GError      **error)
{
  g_autofree char *crs_problem = NULL;
  GDALDatasetH ds;
  OGRLayerH layer;
  RaSourceStream *s = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  ds = ra_source_open_dataset (path, NULL, &crs_problem, error);
  if (ds == NULL)
    return NULL;
  layer = ra_source_find_layer (ds, path, layer_name, error);
  if (layer != NULL)
    s = stream_new (ds, layer, path, crs_problem, map_crs, bbox, resolution, error);
  release_dataset (ds);
  return s;
}

GPtrArray *
ra_source_stream_open_all (const char   *path,
                           RaCrs        *map_crs,
                           const RaBBox *bbox,
                           double        resolution,
                           GError      **error)
{
  g_autoptr(GPtrArray) streams = NULL;
  g_autofree char *crs_problem = NULL;
  GDALDatasetH ds;
  int n;

  g_return_val_if_fail (path != NULL, NULL);

  /* One open for every layer (and for the question whether the file is a
   * raster, which a file with vector layers is not): each open of a
   * GeoPackage reads its tables of contents and CRSs again. */
  ds = ra_source_open_dataset (path, NULL, &crs_problem, error);
  if (ds == NULL)
    return NULL;
  streams = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_source_stream_free);
  n = GDALDatasetGetLayerCount (ds);
  for (int i = 0; i < n; i++)
    {
      OGRLayerH layer = GDALDatasetGetLayer (ds, i);
      RaSourceStream *s;

      if (layer == NULL)
        continue;
      s = stream_new (ds, layer, path, crs_problem, map_crs, bbox, resolution, error);
      if (s == NULL)
        {
          g_clear_pointer (&streams, g_ptr_array_unref);
          break;
        }
      g_ptr_array_add (streams, s);
    }
  release_dataset (ds);
  return g_steal_pointer (&streams);
}

#ifdef HAVE_SHAPELIB
/* The CRS of path's .prj as OGR finds it for a shapefile (an EPSG code
 * PROJ is at least 70 % sure of, ra_gdal_crs_from_ogr), read with PROJ
 * alone; NULL when there is no .prj or no code matches it.  A .prj that is
 * map_crs (nullable) as PROJ writes it for ESRI is map_crs. */
static RaCrs *
shp_read_prj (const char *path, RaCrs *map_crs)
{
  g_autofree char *stem = g_strndup (path, strlen (path) - 4);
  const char *exts[] = { ".prj", ".PRJ" };

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *prj = g_strconcat (stem, exts[i], NULL);
      g_autofree char *text = NULL;
      g_autoptr(RaCrs) crs = NULL;
      gsize len = 0;

      if (!g_file_get_contents (prj, &text, &len, NULL))
        continue;
      if (len == 0 || len > 64 * 1024 || memchr (text, '\0', len) != NULL)
        return NULL;
      if (map_crs != NULL && ra_crs_get_epsg (map_crs) != 0 && ra_crs_is_esri_wkt (map_crs, text))
        return ra_crs_ref (map_crs);
      crs = ra_crs_new_from_user_input (text, NULL);
      if (crs == NULL || ra_crs_get_epsg (crs) == 0)
        return NULL;
      return ra_crs_new_from_epsg (ra_crs_get_epsg (crs), NULL);
    }
  return NULL;
}
#endif

/**
 * ra_source_stream_open_shapefile:
 *
 * The one layer of the shapefile path read by shapelib and PROJ alone,
 * without GDAL, when it can be read so with the same result: a 2D or 3D
 * point, line or polygon shapefile with records, a .dbf that agrees with
 * it and a .prj that names an EPSG CRS, shown whole in the view of bbox.
 * Anything else (or RA_RENDER_SHAPELIB=0) gives NULL, and nothing else:
 * ra_source_stream_open_all reads it then, and words what is wrong.
 * Returns: (transfer full) (nullable)
 */
RaSourceStream *
ra_source_stream_open_shapefile (const char   *path,
                                 RaCrs        *map_crs,
                                 const RaBBox *bbox,
                                 double        resolution)
{
#ifdef HAVE_SHAPELIB
  g_autoptr(RaSourceStream) s = NULL;
  g_autofree char *base = NULL;
  g_autofree char *stem = NULL;
  double lo[4], hi[4];
  int type = SHPT_NULL;
  RaBBox layer_box, window;

  g_return_val_if_fail (path != NULL, NULL);

  if (!shp_wanted (path) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  s = stream_alloc (path);
  s->crs = shp_read_prj (path, map_crs);
  if (s->crs == NULL || !shp_attach (s, path) || s->shp_count == 0)
    return NULL;
  SHPGetInfo (s->shp, NULL, &type, lo, hi);
  s->kind = shp_kind (type);
  layer_box = (RaBBox) { lo[0], lo[1], hi[0], hi[1] };
  if (s->kind == RA_GEOM_NONE ||
      !stream_setup (s, map_crs, bbox, &layer_box, resolution, &window, NULL) ||
      !ra_bbox_is_empty (&window))
    return NULL;
  base = g_path_get_basename (path);
  stem = g_strndup (base, strlen (base) - 4);
  s->name = ra_path_display_name (stem);
  s->expected = s->shp_count;
  return g_steal_pointer (&s);
#else
  (void) path; (void) map_crs; (void) bbox; (void) resolution;
  return NULL;
#endif
}

/* TRUE when path names a GeoPackage SQLite and SpatiaLite may read: its
 * name ends in .gpkg and RA_RENDER_GPKG=0 does not leave every one to OGR. */
static gboolean
gpkg_wanted (const char *path)
{
  const char *env = g_getenv ("RA_RENDER_GPKG");
  g_autofree char *lower = NULL;

  if (env != NULL && g_strcmp0 (env, "0") == 0)
    return FALSE;
  lower = g_ascii_strdown (path, -1);
  return g_str_has_suffix (lower, ".gpkg");
}

/* The kind of a GeoPackage geometry column's type (as OGR reads it);
 * RA_GEOM_NONE for GEOMETRY (taken by the caller), collections, curves and
 * anything else. */
static RaGeomKind
gpkg_kind (const char *type_name)
{
  static const struct { const char *name; RaGeomKind kind; } kinds[] = {
    { "POINT", RA_GEOM_POINT }, { "MULTIPOINT", RA_GEOM_POINT },
    { "LINESTRING", RA_GEOM_LINE }, { "MULTILINESTRING", RA_GEOM_LINE },
    { "POLYGON", RA_GEOM_POLYGON }, { "MULTIPOLYGON", RA_GEOM_POLYGON },
  };

  for (guint i = 0; type_name != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strcasecmp (type_name, kinds[i].name) == 0)
      return kinds[i].kind;
  return RA_GEOM_NONE;
}

/* The one row of sql's first column as an integer; FALSE when there is
 * not exactly one row or SQLite fails. */
static gboolean
gpkg_query_int (sqlite3 *db, const char *sql, gint64 *value)
{
  sqlite3_stmt *st = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    return FALSE;
  ok = sqlite3_step (st) == SQLITE_ROW && sqlite3_column_type (st, 0) == SQLITE_INTEGER;
  if (ok)
    *value = sqlite3_column_int64 (st, 0);
  ok = ok && sqlite3_step (st) == SQLITE_DONE;
  sqlite3_finalize (st);
  return ok;
}

/* Opens the one feature table of the GeoPackage path with SQLite when it
 * is read so as OGR reads it (see ra_source_stream_open_geopackage): sets
 * s->gpkg, s->gpkg_rows, the CRS, kind and name; FALSE leaves it to OGR. */
static gboolean
gpkg_attach (RaSourceStream *s, const char *path, RaBBox *layer_box)
{
  static const char contents_sql[] =
    "SELECT c.table_name, g.column_name, g.geometry_type_name, s.organization,"
    " s.organization_coordsys_id, c.min_x, c.min_y, c.max_x, c.max_y"
    " FROM gpkg_contents c"
    " JOIN gpkg_geometry_columns g ON g.table_name = c.table_name"
    " JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id"
    " WHERE c.data_type = 'features'";
  sqlite3_stmt *st = NULL;
  char *sql = NULL;
  gint64 app_id = 0, n_contents = 0;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (path, &s->gpkg, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    return FALSE;
  /* 'GPKG' (1.2 on), 'GP10' and 'GP11'; OGR reads a file without one with
   * a warning: that one is OGR's.  One entry in its contents: one layer. */
  if (!gpkg_query_int (s->gpkg, "PRAGMA application_id", &app_id) ||
      (app_id != 0x47504B47 && app_id != 0x47503130 && app_id != 0x47503131) ||
      !gpkg_query_int (s->gpkg, "SELECT count(*) FROM gpkg_contents", &n_contents) ||
      n_contents != 1 ||
      sqlite3_prepare_v2 (s->gpkg, contents_sql, -1, &st, NULL) != SQLITE_OK ||
      sqlite3_step (st) != SQLITE_ROW)
    goto out;
  {
    const char *table = (const char *) sqlite3_column_text (st, 0);
    const char *column = (const char *) sqlite3_column_text (st, 1);
    const char *org = (const char *) sqlite3_column_text (st, 3);
    gint64 code = sqlite3_column_int64 (st, 4);

    const char *type_name = (const char *) sqlite3_column_text (st, 2);
    /* GEOMETRY: each feature of its own kind, as OGR reads them. */
    gboolean any_kind = type_name != NULL && g_ascii_strcasecmp (type_name, "GEOMETRY") == 0;

    s->kind = gpkg_kind (type_name);
    for (int i = 5; i <= 8; i++)
      if (sqlite3_column_type (st, i) == SQLITE_NULL)
        goto out;
    *layer_box = (RaBBox) { sqlite3_column_double (st, 5), sqlite3_column_double (st, 6),
                            sqlite3_column_double (st, 7), sqlite3_column_double (st, 8) };
    /* An EPSG CRS, as OGR finds it for a GeoPackage's srs_id; any other
     * is OGR's (its definition, or no CRS at all). */
    if (table == NULL || column == NULL || (s->kind == RA_GEOM_NONE && !any_kind) ||
        org == NULL || g_ascii_strcasecmp (org, "EPSG") != 0 || code <= 0 || code > G_MAXINT ||
        !(layer_box->x0 <= layer_box->x1 && layer_box->y0 <= layer_box->y1) ||
        !isfinite (layer_box->x0 + layer_box->y0 + layer_box->x1 + layer_box->y1))
      goto out;
    s->crs = ra_crs_new_from_epsg ((int) code, NULL);
    if (s->crs == NULL)
      goto out;
    s->name = ra_path_display_name (table);
    /* Identifiers are no SQL parameters: quoted ("%w" doubles quotes). */
    sql = sqlite3_mprintf ("SELECT \"%w\" FROM \"%w\"", column, table);
  }
  ok = sql != NULL && sqlite3_step (st) == SQLITE_DONE &&
       sqlite3_prepare_v2 (s->gpkg, sql, -1, &s->gpkg_rows, NULL) == SQLITE_OK;
out:
  sqlite3_free (sql);
  sqlite3_finalize (st);
  return ok;
}

/**
 * ra_source_stream_open_geopackage:
 *
 * The one feature table of the GeoPackage path read by SQLite, SpatiaLite
 * and PROJ, without GDAL, when it can be read so with the same result: a
 * GeoPackage (by its application id) whose contents list one table, of
 * points, lines or polygons (or their multi kinds, or any of them:
 * GEOMETRY), in an EPSG CRS, with
 * its extent, shown whole in the view of bbox.  Anything else (or
 * RA_RENDER_GPKG=0) gives NULL and nothing else: ra_source_stream_open_all
 * reads it then, and words what is wrong.
 * Returns: (transfer full) (nullable)
 */
RaSourceStream *
ra_source_stream_open_geopackage (const char   *path,
                                  RaCrs        *map_crs,
                                  const RaBBox *bbox,
                                  double        resolution)
{
  g_autoptr(RaSourceStream) s = NULL;
  RaBBox layer_box = RA_BBOX_EMPTY, window;

  g_return_val_if_fail (path != NULL, NULL);

  if (!gpkg_wanted (path) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  s = stream_alloc (path);
  if (!gpkg_attach (s, path, &layer_box) ||
      !stream_setup (s, map_crs, bbox, &layer_box, resolution, &window, NULL) ||
      !ra_bbox_is_empty (&window))
    return NULL;
  s->expected = -1;
  return g_steal_pointer (&s);
}

void
ra_source_stream_free (RaSourceStream *s)
{
  if (s == NULL)
    return;
  if (s->thread != NULL)
    {
      g_mutex_lock (&s->lock);
      s->stop = TRUE;
      g_cond_broadcast (&s->cond);
      g_mutex_unlock (&s->lock);
      g_thread_join (s->thread);
    }
  if (s->prefetch)
    s->current = NULL;     /* in s->batch */
  g_clear_pointer (&s->batch, free_batch);
  while (!g_queue_is_empty (&s->batches))
    free_batch (g_queue_pop_head (&s->batches));
  while (!g_queue_is_empty (&s->spent))
    free_batch (g_queue_pop_head (&s->spent));
  if (s->capturing)
    s->ogr->capture_end (s);
  if (s->ogr != NULL)
    s->ogr->restore_organize (s);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->cond);
  g_clear_pointer (&s->current, ra_geometry_free);
  g_clear_pointer (&s->t, ra_transform_free);
  g_clear_pointer (&s->crs, ra_crs_unref);
#ifdef HAVE_SHAPELIB
  g_clear_pointer (&s->shp, SHPClose);
  g_clear_pointer (&s->dbf, DBFClose);
  g_free (s->shp_failure);
  if (s->shp_fd >= 0)
    close (s->shp_fd);
  g_free (s->shp_buf);
#endif
  g_clear_pointer (&s->gpkg_rows, sqlite3_finalize);
  g_clear_pointer (&s->gpkg, sqlite3_close);
  g_free (s->gpkg_failure);
  if (s->ds != NULL)
    s->ogr->release (s);
  g_clear_pointer (&s->warnings, g_ptr_array_unref);
  g_free (s->name);
  g_free (s->display);
  g_free (s->crs_problem);
  g_free (s);
}

RaGeomKind
ra_source_stream_get_kind (RaSourceStream *s)
{
  g_return_val_if_fail (s != NULL, RA_GEOM_NONE);
  return s->kind;
}

gboolean
ra_source_stream_uses_shapelib (RaSourceStream *s)
{
  g_return_val_if_fail (s != NULL, FALSE);
#ifdef HAVE_SHAPELIB
  return s->shp != NULL;
#else
  return FALSE;
#endif
}

const char *
ra_source_stream_get_name (RaSourceStream *s)
{
  g_return_val_if_fail (s != NULL, NULL);
  return s->name;
}

/* The warnings, as the in-memory reader words them. */
static void
finish (RaSourceStream *s)
{
  guint n_expected;

  s->done = TRUE;
  s->warnings = g_ptr_array_new_with_free_func (g_free);
  n_expected = s->expected >= 0 ? (guint) MAX (s->expected, (GIntBig) s->n_read) : s->n_read;
  if (s->n_damaged > 0)
    {
      const char *why = s->cap.first_failure;
      g_autofree char *cause = NULL;

#ifdef HAVE_SHAPELIB
      if (s->shp_failure != NULL)
        why = s->shp_failure;
#endif
      if (s->gpkg_failure != NULL)
        why = s->gpkg_failure;
      cause = ra_gdal_cause_suffix (why);

      g_ptr_array_add (s->warnings,
                       g_strdup_printf (_("damaged: only %u of %u features could be read%s"),
                                        s->n_read - MIN (s->n_damaged, s->n_read), n_expected, cause));
    }
  if (s->n_invalid > 0)
    g_ptr_array_add (s->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u feature has invalid geometry (non-finite coordinates or rings with fewer than 3 points); it is not drawn",
                                                   "%u features have invalid geometry (non-finite coordinates or rings with fewer than 3 points); they are not drawn",
                                                   s->n_invalid),
                                      s->n_invalid));
  if (s->n_out_of_range > 0)
    {
      gboolean geographic = s->crs != NULL && ra_crs_is_geographic (s->crs);
      g_autofree char *range = geographic
        ? g_strdup_printf (_("longitude beyond ±%g° or latitude beyond ±%g°"), RA_MAX_LON, RA_MAX_LAT)
        : g_strdup_printf (_("beyond ±%g map units"), RA_MAX_PROJECTED);

      g_ptr_array_add (s->warnings,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u feature has coordinates no place on Earth has (%s, such as 1e308); it is not drawn",
                                                     "%u features have coordinates no place on Earth has (%s, such as 1e308); they are not drawn",
                                                     s->n_out_of_range),
                                        s->n_out_of_range, range));
    }
  if (s->crs_problem != NULL)
    g_ptr_array_add (s->warnings,
                     g_strdup_printf (_("%s: shown without a CRS; assign one if you know it"),
                                      s->crs_problem));
  if (s->capturing)
    s->ogr->capture_end (s);
}


/* A feature's geometry as read (status from the conversion): counted when
 * it could not be drawn, else put into the map's CRS (one batch per
 * feature: PROJ's per-call cost is paid once).  Returns geom or NULL. */
static RaGeometry *
finish_geometry (RaSourceStream *s, RaGeometry *geom, RaGdalGeomStatus status)
{
  if (status == RA_GDAL_GEOM_INVALID)
    s->n_invalid++;
  else if (status == RA_GDAL_GEOM_OUT_OF_RANGE)
    s->n_out_of_range++;
  if (geom != NULL && s->t != NULL)
    {
      ra_transform_points (s->t, geom->xy, geom->n_points);
      ra_geometry_update_bbox (geom);
    }
  return geom;
}
#ifdef HAVE_SHAPELIB
/* read_one for a shapefile read by shapelib. */
static RaGeometry *
shp_read_one (RaSourceStream *s)
{
  while (!s->done)
    {
      RaGdalGeomStatus status;
      SHPObject *o;
      RaGeometry *geom;
      int i = s->shp_next;

      if (i >= s->shp_count)
        {
          finish (s);
          break;
        }
      s->shp_next++;
      if (s->dbf != NULL && i < DBFGetRecordCount (s->dbf) && DBFIsRecordDeleted (s->dbf, i))
        continue;
      s->n_read++;
      if (!shp_read_direct (s, i, &geom, &status))
        {
          shp_reading = s;
          o = SHPReadObject (s->shp, i);
          shp_reading = NULL;
          if (o == NULL)
            {
              s->n_damaged++;
              continue;
            }
          geom = shp_convert (o, s->thin_tol, s->max_x, s->max_y, &status);
          SHPDestroyObject (o);
        }
      if ((geom = finish_geometry (s, geom, status)) != NULL)
        return geom;
    }
  return NULL;
}
#endif

/* Values per vertex of a SpatiaLite geometry's coordinates. */
static guint
gaia_stride (int model)
{
  switch (model)
    {
    case GAIA_XY_Z:
    case GAIA_XY_M:
      return 3;
    case GAIA_XY_Z_M:
      return 4;
    default:
      return 2;
    }
}

/* n vertices of coords (stride values each) as the next part of geom. */
static void
gaia_put (RaGeometry *geom, guint *pt, guint *part, const double *coords, int n, guint stride)
{
  double *dst = geom->xy + 2 * (gsize) *pt;

  geom->parts[(*part)++] = *pt;
  if (stride == 2)
    memcpy (dst, coords, 2 * sizeof (double) * (gsize) n);
  else
    for (int i = 0; i < n; i++)
      {
        dst[2 * i] = coords[(gsize) stride * i];
        dst[2 * i + 1] = coords[(gsize) stride * i + 1];
      }
  *pt += (guint) n;
}

/* A SpatiaLite geometry as ra_gdal_geometry_convert makes the same one
 * read by OGR: of the layer's kind (or, when the layer has none or the
 * geometry none of that, of the kind it has: polygons before lines before
 * points), a part per point, line or ring with vertices (empty ones
 * left out), Z and M dropped, then ra_gdal_geometry_finish.  NULL with
 * *status when there is none. */
static RaGeometry *
gaia_convert (const gaiaGeomColl *g, RaGeomKind kind, double thin_tol, double max_x, double max_y,
              RaGdalGeomStatus *status)
{
  guint n_points = 0, n_parts = 0, pt = 0, part = 0;
  RaGeometry *geom = NULL;

  *status = RA_GDAL_GEOM_EMPTY;
  if (kind == RA_GEOM_NONE ||
      (kind == RA_GEOM_POINT && g->FirstPoint == NULL) ||
      (kind == RA_GEOM_LINE && g->FirstLinestring == NULL) ||
      (kind == RA_GEOM_POLYGON && g->FirstPolygon == NULL))
    kind = g->FirstPolygon != NULL ? RA_GEOM_POLYGON
         : g->FirstLinestring != NULL ? RA_GEOM_LINE
         : g->FirstPoint != NULL ? RA_GEOM_POINT : RA_GEOM_NONE;
  /* Counted, then filled. */
  for (int fill = 0; fill < 2; fill++)
    {
      if (fill)
        {
          if (n_parts == 0)
            return NULL;
          geom = ra_geometry_new_uninit (kind, n_points, n_parts);
        }
      if (kind == RA_GEOM_POINT)
        for (const gaiaPoint *p = g->FirstPoint; p != NULL; p = p->Next)
          {
            /* A point whose x and y are NaN is an empty one. */
            if (isnan (p->X) && isnan (p->Y))
              continue;
            if (fill)
              {
                geom->parts[part] = pt;
                geom->xy[2 * pt] = p->X;
                geom->xy[2 * pt + 1] = p->Y;
                pt++, part++;
              }
            else
              n_points++, n_parts++;
          }
      else if (kind == RA_GEOM_LINE)
        for (const gaiaLinestring *l = g->FirstLinestring; l != NULL; l = l->Next)
          {
            if (l->Points <= 0)
              continue;
            if (fill)
              gaia_put (geom, &pt, &part, l->Coords, l->Points, gaia_stride (l->DimensionModel));
            else
              n_points += (guint) l->Points, n_parts++;
          }
      else if (kind == RA_GEOM_POLYGON)
        for (const gaiaPolygon *pg = g->FirstPolygon; pg != NULL; pg = pg->Next)
          for (int r = -1; r < pg->NumInteriors; r++)
            {
              const gaiaRing *ring = r < 0 ? pg->Exterior : pg->Interiors + r;

              if (ring == NULL || ring->Points <= 0)
                continue;
              if (fill)
                gaia_put (geom, &pt, &part, ring->Coords, ring->Points, gaia_stride (ring->DimensionModel));
              else
                n_points += (guint) ring->Points, n_parts++;
            }
    }
  *status = ra_gdal_geometry_finish (&geom, thin_tol, max_x, max_y);
  return geom;
}

/* Reads a little-endian 32-bit count of WKB at *off (advanced); FALSE
 * past the end. */
static gboolean
wkb_u32 (const guchar *wkb, gsize len, gsize *off, guint32 *value)
{
  if (*off + 4 > len)
    return FALSE;
  memcpy (value, wkb + *off, 4);
  *off += 4;
  return TRUE;
}

/* Walks the 2D little-endian WKB of a point, line string or polygon (type
 * 1-3) at *off, or of a multi geometry of them (4-6), of kind; with geom
 * NULL only checks it and counts its vertices and parts, else fills geom
 * at *pt / *part (the parts OGR would make: empty lines and rings left
 * out; *run_at is where the last run of vertices starts).  FALSE when it
 * is anything else or runs past len. */
static gboolean
wkb_walk (const guchar *wkb, gsize len, gsize *off, RaGeomKind kind, gboolean member,
          RaGeometry *geom, guint *pt, guint *part, gsize *run_at)
{
  guint32 type, n;

  if (*off + 5 > len || wkb[*off] != 1)
    return FALSE;
  (*off)++;
  if (!wkb_u32 (wkb, len, off, &type))
    return FALSE;
  if (type >= 4 && type <= 6 && !member)
    {
      if (!wkb_u32 (wkb, len, off, &n) || n > (len - *off) / 9)
        return FALSE;
      /* (each member of the multi type's own simple type: the kind's) */
      for (guint32 i = 0; i < n; i++)
        if (!wkb_walk (wkb, len, off, kind, TRUE, geom, pt, part, run_at))
          return FALSE;
      return (kind == RA_GEOM_POINT && type == 4) || (kind == RA_GEOM_LINE && type == 5) ||
             (kind == RA_GEOM_POLYGON && type == 6);
    }
  if ((kind == RA_GEOM_POINT && type != 1) || (kind == RA_GEOM_LINE && type != 2) ||
      (kind == RA_GEOM_POLYGON && type != 3))
    return FALSE;
  if (type == 1)
    {
      double xy[2];

      if (*off + 16 > len)
        return FALSE;
      memcpy (xy, wkb + *off, 16);
      *off += 16;
      /* An empty point (NaN, NaN) is SpatiaLite's to read. */
      if (isnan (xy[0]) && isnan (xy[1]))
        return FALSE;
      if (geom != NULL)
        {
          geom->parts[*part] = *pt;
          memcpy (geom->xy + 2 * (gsize) *pt, xy, 16);
        }
      (*pt)++, (*part)++;
      return TRUE;
    }
  /* A line string: one run of vertices; a polygon: rings of them. */
  {
    guint32 n_runs = 1;

    if (type == 3 && (!wkb_u32 (wkb, len, off, &n_runs) || n_runs > (len - *off) / 4))
      return FALSE;
    for (guint32 r = 0; r < n_runs; r++)
      {
        if (!wkb_u32 (wkb, len, off, &n) || n > (len - *off) / 16)
          return FALSE;
        if (n > 0)
          {
            *run_at = *off;
            if (geom != NULL)
              {
                geom->parts[*part] = *pt;
                memcpy (geom->xy + 2 * (gsize) *pt, wkb + *off, 16 * (gsize) n);
              }
            *pt += n, (*part)++;
          }
        *off += 16 * (gsize) n;
      }
  }
  return TRUE;
}

/* The envelope's size by a GeoPackage blob's flags, -1 for none valid. */
static const int gpkg_envelope_size[8] = { 0, 32, 48, 48, 64, -1, -1, -1 };

/* A GeoPackage blob of the usual shape read without SpatiaLite's copies:
 * a little-endian header, not empty, of the standard kind, and 2D
 * little-endian WKB of the layer's kind (single or multi); its vertices
 * go straight into the geometry (one part: thinned from the blob itself).
 * FALSE for any other blob, which SpatiaLite then reads or refuses. */
static gboolean
gpkg_read_direct (RaSourceStream *s, const guchar *blob, gsize len, RaGeometry **out,
                  RaGdalGeomStatus *status)
{
  gsize off, start, run_at = 0;
  guint n_points = 0, n_parts = 0, pt = 0, part = 0;
  RaGeomKind kind = s->kind;
  RaGeometry *geom;
  int env;

  if (G_BYTE_ORDER != G_LITTLE_ENDIAN || len < 8 || blob[0] != 'G' || blob[1] != 'P' ||
      blob[2] != 0 || (blob[3] & 0x31) != 0x01)
    return FALSE;
  env = gpkg_envelope_size[(blob[3] >> 1) & 7];
  if (env < 0)
    return FALSE;
  start = off = 8 + (gsize) env;
  /* A layer of any kind (GEOMETRY): the blob's own, by its WKB type. */
  if (kind == RA_GEOM_NONE)
    {
      guint32 type;

      if (start + 5 > len || blob[start] != 1)
        return FALSE;
      memcpy (&type, blob + start + 1, 4);
      kind = type == 1 || type == 4 ? RA_GEOM_POINT
           : type == 2 || type == 5 ? RA_GEOM_LINE
           : type == 3 || type == 6 ? RA_GEOM_POLYGON : RA_GEOM_NONE;
      if (kind == RA_GEOM_NONE)
        return FALSE;
    }
  if (!wkb_walk (blob, len, &off, kind, FALSE, NULL, &n_points, &n_parts, &run_at) ||
      off != len || n_parts == 0)
    return FALSE;
  geom = ra_geometry_new_uninit (kind, n_points, n_parts);
  if (n_parts == 1 && kind != RA_GEOM_POINT)
    {
      geom->parts[0] = 0;
      *status = ra_gdal_geometry_finish_from (&geom, (const double *) (blob + run_at), s->thin_tol,
                                              s->max_x, s->max_y);
    }
  else
    {
      off = start;
      wkb_walk (blob, len, &off, kind, FALSE, geom, &pt, &part, &run_at);
      *status = ra_gdal_geometry_finish (&geom, s->thin_tol, s->max_x, s->max_y);
    }
  *out = geom;
  return TRUE;
}

/* FALSE when blob is a GeoPackage blob whose WKB's first byte is no byte
 * order (0 or 1): not a geometry, as OGR reads it. */
static gboolean
gpkg_wkb_byte_order_ok (const guchar *blob, gsize len)
{
  int env;

  if (len < 8 || blob[0] != 'G' || blob[1] != 'P')
    return TRUE;
  env = gpkg_envelope_size[(blob[3] >> 1) & 7];
  return env >= 0 && len > 8 + (gsize) env && blob[8 + env] <= 1;
}

/* SpatiaLite's geometry blob readers, for the blobs gpkg_read_direct
 * leaves: loaded on the first such blob (by the soname of the library the
 * build links; the app and the commands program have it loaded already),
 * so that the render program does not load SpatiaLite and GEOS (9
 * libraries, 10 ms) for the usual 2D GeoPackage or for a shapefile. */
typedef struct {
  gaiaGeomCollPtr (*from_gpb)        (const unsigned char *blob, unsigned int len);
  int             (*is_empty_gpb)    (const unsigned char *blob, int len);
  gaiaGeomCollPtr (*from_spatialite) (const unsigned char *blob, unsigned int len);
  void            (*free_geom)       (gaiaGeomCollPtr geom);
} GaiaApi;

/* The readers, NULL when SpatiaLite cannot be loaded (*why says so). */
static const GaiaApi *
gaia_api (const char **why)
{
  static GaiaApi api;
  static const GaiaApi *result;
  static char *failure;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      void *lib = dlopen (RA_SPATIALITE_SONAME, RTLD_NOW | RTLD_LOCAL);

      if (lib != NULL)
        {
          *(void **) &api.from_gpb = dlsym (lib, "gaiaFromGeoPackageGeometryBlob");
          *(void **) &api.is_empty_gpb = dlsym (lib, "gaiaIsEmptyGPB");
          *(void **) &api.from_spatialite = dlsym (lib, "gaiaFromSpatiaLiteBlobWkb");
          *(void **) &api.free_geom = dlsym (lib, "gaiaFreeGeomColl");
        }
      if (lib != NULL && api.from_gpb != NULL && api.is_empty_gpb != NULL &&
          api.from_spatialite != NULL && api.free_geom != NULL)
        result = &api;
      else
        failure = g_strdup_printf (_("SpatiaLite (%s) could not be loaded to read it: %s"),
                                   RA_SPATIALITE_SONAME, lib == NULL ? dlerror () : _("functions missing"));
      g_once_init_leave (&once, 1);
    }
  *why = failure;
  return result;
}

/* read_one for a GeoPackage read with SQLite: each row's geometry blob
 * decoded by SpatiaLite (a GeoPackage blob, or a SpatiaLite one, as OGR
 * reads both); a NULL or empty geometry is no feature to draw, a blob
 * neither decodes a damaged feature, and so is a row SQLite cannot read
 * (then the rest is not read). */
static RaGeometry *
gpkg_read_one (RaSourceStream *s)
{
  while (!s->done)
    {
      RaGdalGeomStatus status;
      const unsigned char *blob;
      const GaiaApi *gaia;
      const char *why = NULL;
      gaiaGeomCollPtr g;
      RaGeometry *geom;
      int rc = sqlite3_step (s->gpkg_rows), len;

      if (rc != SQLITE_ROW)
        {
          if (rc != SQLITE_DONE)
            {
              s->n_read++;
              s->n_damaged++;
              if (s->gpkg_failure == NULL)
                s->gpkg_failure = g_strdup (sqlite3_errmsg (s->gpkg));
            }
          finish (s);
          break;
        }
      s->n_read++;
      if (sqlite3_column_type (s->gpkg_rows, 0) != SQLITE_BLOB)
        continue;
      blob = sqlite3_column_blob (s->gpkg_rows, 0);
      len = sqlite3_column_bytes (s->gpkg_rows, 0);
      if (blob == NULL || len <= 0)
        continue;
      if (gpkg_read_direct (s, blob, (gsize) len, &geom, &status))
        {
          if ((geom = finish_geometry (s, geom, status)) != NULL)
            return geom;
          continue;
        }
      gaia = gaia_api (&why);
      if (gaia == NULL)
        {
          s->n_damaged++;
          if (s->gpkg_failure == NULL)
            s->gpkg_failure = g_strdup (why);
          continue;
        }
      if (gaia->is_empty_gpb (blob, len) == 1)
        continue;
      /* (SpatiaLite makes a geometry of some WKB with a byte order
       * neither big- nor little-endian, which OGR refuses.) */
      g = gpkg_wkb_byte_order_ok (blob, (gsize) len)
        ? gaia->from_gpb (blob, (unsigned int) len) : NULL;
      if (g == NULL)
        g = gaia->from_spatialite (blob, (unsigned int) len);
      if (g == NULL)
        {
          s->n_damaged++;
          if (s->gpkg_failure == NULL)
            s->gpkg_failure = g_strdup (_("a geometry is neither a GeoPackage nor a SpatiaLite geometry blob"));
          continue;
        }
      geom = gaia_convert (g, s->kind, s->thin_tol, s->max_x, s->max_y, &status);
      gaia->free_geom (g);
      if ((geom = finish_geometry (s, geom, status)) != NULL)
        return geom;
    }
  return NULL;
}

/* read_one for a layer OGR reads. */
static RaGeometry *
ogr_read_one (RaSourceStream *s)
{
  while (!s->done)
    {
      g_auto(OGRFeatureH) f = NULL;
      guint failures_before = s->cap.n_failures;
      RaGdalGeomStatus status = RA_GDAL_GEOM_EMPTY;
      OGRGeometryH og;
      RaGeometry *geom;

      f = OGR_L_GetNextFeature (s->layer);
      if (f == NULL)
        {
          finish (s);
          break;
        }
      s->n_read++;
      if (s->cap.n_failures > failures_before)
        s->n_damaged++;
      og = OGR_F_GetGeometryRef (f);
      if (og == NULL)
        continue;
      geom = ra_gdal_geometry_convert (og, s->thin_tol, s->max_x, s->max_y, &status);
      if ((geom = finish_geometry (s, geom, status)) != NULL)
        return geom;
    }
  return NULL;
}

/* Reads up to the next feature that has a geometry; NULL after the last
 * (then the warnings are made).  Returns: (transfer full) */
static RaGeometry *
read_one (RaSourceStream *s)
{
#ifdef HAVE_SHAPELIB
  if (s->shp != NULL)
    return shp_read_one (s);
#endif
  if (s->gpkg_rows != NULL)
    return gpkg_read_one (s);
  return s->ogr->read_one (s);
}

static gpointer
prefetch_run (gpointer data)
{
  RaSourceStream *s = data;
  GPtrArray *batch = g_ptr_array_new ();
  gsize n_vertices = 0;
  GQueue spent;

  /* GDAL's error handlers and config options are per thread. */
  if (s->ogr != NULL)
    {
      s->ogr->capture_begin (s);
      s->ogr->set_organize (s);
    }
  for (;;)
    {
      RaGeometry *geom = read_one (s);
      gboolean stop;

      if (geom != NULL)
        {
          g_ptr_array_add (batch, geom);
          n_vertices += geom->n_points;
          if (n_vertices < RA_STREAM_BATCH_VERTICES && batch->len < RA_STREAM_BATCH_FEATURES)
            continue;
        }
      g_mutex_lock (&s->lock);
      while (!s->stop && g_queue_get_length (&s->batches) >= RA_STREAM_QUEUE)
        g_cond_wait (&s->cond, &s->lock);
      stop = s->stop;
      if (!stop && batch->len > 0)
        {
          g_queue_push_tail (&s->batches, batch);
          batch = g_ptr_array_new ();
          g_cond_broadcast (&s->cond);
        }
      spent = s->spent;
      g_queue_init (&s->spent);
      g_mutex_unlock (&s->lock);
      /* Freed by the thread that allocated them: glibc frees into another
       * thread's arena under its lock (12 % more CPU for the 200 k lines
       * when the drawing thread freed them). */
      while (!g_queue_is_empty (&spent))
        free_batch (g_queue_pop_head (&spent));
      n_vertices = 0;
      if (geom == NULL || stop)
        break;
    }
  free_batch (batch);
  if (s->ogr != NULL)
    s->ogr->restore_organize (s);
  if (s->capturing)
    s->ogr->capture_end (s);
  g_mutex_lock (&s->lock);
  s->producer_done = TRUE;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
  return NULL;
}

/**
 * ra_source_stream_set_prefetch:
 *
 * Reads ahead in a second thread from the first ra_source_stream_next on:
 * reading, converting and transforming overlap with the caller's drawing.
 * Call before the first ra_source_stream_next.
 */
void
ra_source_stream_set_prefetch (RaSourceStream *s, gboolean prefetch)
{
  g_return_if_fail (s != NULL);
  g_return_if_fail (s->thread == NULL);
  s->prefetch = prefetch;
}

const RaGeometry *
ra_source_stream_next (RaSourceStream *s)
{
  g_return_val_if_fail (s != NULL, NULL);

  if (s->prefetch)
    s->current = NULL;     /* still in its batch */
  else
    g_clear_pointer (&s->current, ra_geometry_free);
  if (!s->prefetch)
    {
      if (s->ogr != NULL && !s->organize_set && !s->done)
        s->ogr->set_organize (s);
      s->current = read_one (s);
      if (s->current == NULL && s->ogr != NULL)
        s->ogr->restore_organize (s);
      return s->current;
    }
  if (s->thread == NULL && !s->producer_done)
    {
      /* The reading thread captures GDAL's messages itself. */
      if (s->capturing)
        {
          s->ogr->capture_end (s);
          memset (&s->cap, 0, sizeof s->cap);
        }
      s->thread = g_thread_new ("ra-source-stream", prefetch_run, s);
    }
  while (s->batch == NULL || s->batch_i >= s->batch->len)
    {
      g_mutex_lock (&s->lock);
      if (s->batch != NULL)
        g_queue_push_tail (&s->spent, g_steal_pointer (&s->batch));
      while (g_queue_is_empty (&s->batches) && !s->producer_done)
        g_cond_wait (&s->cond, &s->lock);
      s->batch = g_queue_pop_head (&s->batches);
      g_cond_broadcast (&s->cond);
      g_mutex_unlock (&s->lock);
      s->batch_i = 0;
      if (s->batch == NULL)
        return NULL;
    }
  s->current = g_ptr_array_index (s->batch, s->batch_i++);
  return s->current;
}

GPtrArray *
ra_source_stream_get_warnings (RaSourceStream *s)
{
  g_return_val_if_fail (s != NULL, NULL);
  return s->warnings;
}
