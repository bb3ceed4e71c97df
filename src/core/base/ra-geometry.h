/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  double x0, y0, x1, y1;
} RaBBox;

#define RA_BBOX_EMPTY ((RaBBox) { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE })

void     ra_bbox_init_empty   (RaBBox *bbox);
gboolean ra_bbox_is_empty     (const RaBBox *bbox);
void     ra_bbox_add_point    (RaBBox *bbox, double x, double y);
void     ra_bbox_union        (RaBBox *bbox, const RaBBox *other);
gboolean ra_bbox_intersects   (const RaBBox *a, const RaBBox *b);
gboolean ra_bbox_contains_point (const RaBBox *bbox, double x, double y);

typedef enum {
  RA_GEOM_NONE = 0,
  RA_GEOM_POINT,        /* one or more points (multipoint: one part per point) */
  RA_GEOM_LINE,         /* one or more line strings */
  RA_GEOM_POLYGON,      /* rings of one or more polygons; fill with EVEN_ODD */
} RaGeomKind;

/* Coordinates kept on a grid as variable-length deltas (a third of the
 * memory of doubles); opaque, read through ra_geometry_coords. */
typedef struct _RaPacked RaPacked;

/* A feature geometry as flat coordinates: xy holds n_points (x, y) pairs;
 * part i spans points [parts[i], parts[i+1]) so parts has n_parts + 1 entries.
 * For polygons every ring (outer or hole) is a part; rings are closed implicitly.
 * A packed geometry (big layers' map data, see ra_geometry_pack) has xy NULL:
 * code that reads coordinates of layer data goes through ra_geometry_coords. */
typedef struct {
  RaGeomKind kind;
  guint      n_points;
  guint      n_parts;
  double    *xy;        /* owned, 2 * n_points; NULL when packed */
  guint     *parts;     /* owned, n_parts + 1 */
  RaBBox     bbox;
  RaPacked  *packed;    /* owned, nullable */
} RaGeometry;

/* Scratch room for the decoded coordinates of packed geometries; reuse one
 * per thread and loop, clear it at the end. */
typedef struct {
  double *xy;
  gsize   capacity;     /* in points */
} RaCoordScratch;

#define RA_COORD_SCRATCH_INIT { NULL, 0 }

RaGeometry *ra_geometry_new        (RaGeomKind kind, guint n_points, guint n_parts);
RaGeometry *ra_geometry_new_uninit (RaGeomKind kind, guint n_points, guint n_parts);
RaGeometry *ra_geometry_copy       (const RaGeometry *geom);
void        ra_geometry_free       (RaGeometry *geom);
void        ra_geometry_update_bbox (RaGeometry *geom);
/* The 2 * n_points coordinates of geom: its own array, or for a packed
 * geometry the decoded ones in scratch (valid until scratch is reused). */
const double *ra_geometry_coords   (const RaGeometry *geom, RaCoordScratch *scratch);
void        ra_coord_scratch_clear (RaCoordScratch *scratch);
/* The grid step for packing coordinates within extent: a power of two
 * about 2^-30 of its size (China in metres: 4 mm; a city: below 0.1 mm). */
double      ra_pack_grid_step      (const RaBBox *extent);
/* Packs geom's coordinates in place on the grid (ox + q * i, oy + q * j)
 * when that saves memory (not single points), and sets the bbox to the
 * packed coordinates.  Every geometry of a layer uses the same grid, so
 * shared borders stay shared.  ra_geometry_copy unpacks. */
void        ra_geometry_pack       (RaGeometry *geom, double ox, double oy, double q);
gboolean    ra_geometry_is_packed  (const RaGeometry *geom);
/* Moves n geometries (NULL entries allowed) into one contiguous block, each
 * with its parts and coordinates next to it, in order: drawing them is a
 * sequential read.  geoms[i] then point into the block and must not be
 * freed or changed one by one; g_free the block once they are unused.
 * Returns: (transfer full) the block; NULL when n has no geometry. */
gpointer    ra_geometry_move_to_block (RaGeometry **geoms, guint n);
/* Bytes of heap the geometry holds (for memory figures). */
gsize       ra_geometry_heap_size  (const RaGeometry *geom);
/* Drops, in place, the vertices closer than tol (in x and in y) to the last
 * one kept; each part keeps its first and last vertex.  Points are left. */
void        ra_geometry_thin        (RaGeometry *geom, double tol);
RaGeometry *ra_geometry_thin_copy   (const RaGeometry *geom, double tol);
/* Planar centroid-ish anchor for labels: area-weighted centroid of the
 * largest polygon part if it lies inside it, else an interior point; middle
 * vertex of the longest line; first point. */
gboolean    ra_geometry_label_point (const RaGeometry *geom, double *x, double *y);
/* Polygons: the centre of the largest inscribed circle (GEOS), where a
 * label has the most room inside, and its radius (map units); cached per
 * geometry, thread-safe (ra-geometry-pole.c).  Other kinds: the label
 * point, radius 0. */
gboolean    ra_geometry_pole_of_inaccessibility (const RaGeometry *geom, double *x, double *y,
                                                 double *radius);
/* Poles held in that cache (for tests). */
guint       ra_geometry_pole_cache_size (void);
gboolean    ra_geometry_contains_point (const RaGeometry *geom, double x, double y);
/* Distance in map units from (x, y) to the geometry (0 inside a polygon). */
double      ra_geometry_distance   (const RaGeometry *geom, double x, double y);

/* Geodesic length in metres of a line given in lon/lat degrees (WGS84/CGCS2000
 * ellipsoid, via PROJ's geod_* functions). */
double ra_geodesic_length_m (const double *lonlat, guint n_points);
/* Geodesic area in square metres of a ring in lon/lat degrees (absolute value). */
double ra_geodesic_area_m2  (const double *lonlat, guint n_points);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaGeometry, ra_geometry_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RaCoordScratch, ra_coord_scratch_clear)

G_END_DECLS
