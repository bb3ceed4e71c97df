/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <cairo.h>
#include "ra-renderer.h"

G_BEGIN_DECLS

/* Print layouts: a page with items placed in millimetres from the page's
 * top-left corner.  Drawing happens in "layout pixels" of 1/96 inch (the
 * unit Pango and the renderer take their point sizes in), so a page drawn
 * at any dpi, or into a PDF or SVG, looks the same; the map frame is drawn
 * with ra_renderer_draw and a RaView of 96 dpi whose pixels are exactly
 * layout pixels, so its 1:n holds on paper.
 *
 * A layout is a plain value (like RaStyle): edit the fields, then redraw.
 * Text items are templates: {project} {year} {county} {scale} {date}
 * {export_date} {crs} are replaced from the context; a [bracketed part] holding a {variable}
 * is dropped when that variable is empty ("[{year}年 · ]…"). */

#define RA_LAYOUT_PX_PER_MM (96.0 / 25.4)
#define RA_LAYOUT_FONT_FAMILY "Noto Sans CJK SC"
#define RA_LAYOUT_MAX_ITEMS 64

typedef enum {
  RA_PAGE_A4 = 0,
  RA_PAGE_A3,
  RA_PAGE_A2,
  RA_PAGE_CUSTOM,
} RaPageSize;

typedef enum {
  RA_LAYOUT_ITEM_MAP = 0,      /* the map frame (exactly one per layout) */
  RA_LAYOUT_ITEM_TEXT,         /* title, subtitle, text boxes */
  RA_LAYOUT_ITEM_LEGEND,
  RA_LAYOUT_ITEM_SCALEBAR,
  RA_LAYOUT_ITEM_NORTH_ARROW,
  RA_LAYOUT_ITEM_INSET,        /* locator map */
  RA_LAYOUT_ITEM_SCHEMATIC,    /* "示意" note, drawn only when a layer is schematic */
} RaLayoutItemKind;

/* How the map frame finds its extent. */
typedef enum {
  RA_LAYOUT_MAP_FIT_EXTENT = 0, /* every layer's extent */
  RA_LAYOUT_MAP_VIEW,           /* the context's view: its centre, its extent fitted */
  RA_LAYOUT_MAP_SCALE,          /* centre_lon/centre_lat at 1:scale_denominator */
  RA_LAYOUT_MAP_FIT_BBOX,       /* bbox_lonlat */
  RA_LAYOUT_MAP_FIT_COUNTY,     /* the county named by county (adcode or name) */
} RaLayoutMapMode;

typedef enum {
  RA_LAYOUT_ALIGN_LEFT = 0,
  RA_LAYOUT_ALIGN_CENTER,
  RA_LAYOUT_ALIGN_RIGHT,
} RaLayoutAlign;

/* One item.  Fields not used by its kind are ignored (and kept). */
typedef struct {
  RaLayoutItemKind kind;
  char            *id;          /* owned, unique in the layout: "map", "title", ... */
  double           x_mm, y_mm, width_mm, height_mm;
  gboolean         visible;
  gboolean         frame;       /* draw a white box with a thin border behind it */

  /* TEXT, SCHEMATIC, captions */
  char            *text;        /* (nullable) owned template */
  char            *font;        /* (nullable) owned Pango description */
  RaLayoutAlign    align;

  /* MAP */
  RaLayoutMapMode  map_mode;
  double           scale_denominator;  /* SCALE; for the fit modes: > 0 fixes it */
  gboolean         round_scale;        /* fit modes: round 1:n up to a tidy number */
  double           centre_lon, centre_lat;
  RaBBox           bbox_lonlat;
  char            *county;      /* (nullable) owned adcode or name */
  gboolean         graticule;
  double           graticule_deg;      /* <= 0: automatic */

  /* NORTH_ARROW */
  gboolean         grid_north;  /* point to grid north instead of true north */

  /* INSET */
  char            *inset_source;     /* (nullable) owned GDAL path; relative = data dir */
  char            *inset_layer;      /* (nullable) owned layer name */
  char            *highlight_field;  /* (nullable): highlight features with this value... */
  char            *highlight_value;  /* ...else the feature under the map frame's centre */
} RaLayoutItem;

typedef struct {
  char       *name;          /* owned */
  RaPageSize  page;
  double      width_mm, height_mm;  /* as oriented */
  double      margin_mm;
  GPtrArray  *items;         /* RaLayoutItem*, drawn in order */
} RaLayout;

#define RA_TYPE_LAYOUT (ra_layout_get_type ())
GType          ra_layout_get_type    (void);

/* An empty page of size (portrait or landscape). (transfer full) */
RaLayout      *ra_layout_new         (const char *name, RaPageSize page, gboolean landscape);
/* The default figure: title, subtitle, map frame fitted to the data,
 * legend, scale bar, north arrow, inset (Gansu cities), source note and
 * the schematic note.  source_note (nullable) is the "数据来源" text.
 * (transfer full) */
RaLayout      *ra_layout_new_default (RaPageSize page, gboolean landscape, const char *source_note);
RaLayout      *ra_layout_copy        (const RaLayout *layout);
void           ra_layout_free        (RaLayout *layout);

/* Page size in mm of a named size (portrait). FALSE for RA_PAGE_CUSTOM. */
gboolean       ra_page_size_get_mm   (RaPageSize page, double *width_mm, double *height_mm);
/* "A4", "A3", "A2" (case-insensitive) -> size; FALSE otherwise. */
gboolean       ra_page_size_from_string (const char *text, RaPageSize *page);
/* Changes the page (custom: width_mm x height_mm); with rescale_items the
 * items keep their relative places and sizes. */
void           ra_layout_set_page    (RaLayout *layout, RaPageSize page, double width_mm,
                                      double height_mm, gboolean landscape, gboolean rescale_items);
gboolean       ra_layout_is_landscape (const RaLayout *layout);

RaLayoutItem  *ra_layout_item_new    (RaLayoutItemKind kind, const char *id);
RaLayoutItem  *ra_layout_item_copy   (const RaLayoutItem *item);
void           ra_layout_item_free   (RaLayoutItem *item);
/* Takes ownership of item. */
void           ra_layout_add_item    (RaLayout *layout, RaLayoutItem *item);
/* (transfer none) (nullable) */
RaLayoutItem  *ra_layout_find_item   (const RaLayout *layout, const char *id);
/* (transfer none) (nullable) the first item of kind. */
RaLayoutItem  *ra_layout_find_kind   (const RaLayout *layout, RaLayoutItemKind kind);

/* Text form (a GKeyFile, UTF-8) for the project file. (transfer full) */
char          *ra_layout_to_string   (const RaLayout *layout);
/* Parses ra_layout_to_string's output.  Anything malformed (unknown kinds,
 * non-finite or out-of-range numbers, overlong texts, invalid UTF-8, no or
 * several map frames, too many items) fails with RA_ERROR_INVALID_ARGUMENT.
 * (transfer full) (nullable) */
RaLayout      *ra_layout_new_from_string (const char *text, gssize length, GError **error);

/* ------------------------------------------------------------------ */
/* Drawing                                                             */

/* An atlas page's county section: the county's key figures and its table
 * of projects in service by the year with the target and the gap, as a
 * plan's county section has them (ra_export_county_panels fills it from
 * the plan analysis).  Drawn under the map frame, which gives up the room. */
typedef struct {
  char      *county;      /* owned: the name the atlas page has ({county}) */
  char      *title;       /* owned: the section's heading */
  GPtrArray *figures;     /* owned (element-type utf8): "Reuse rate: 61 %" ... */
  guint      n_columns;   /* of the table */
  GPtrArray *cells;       /* owned (element-type utf8): the table row by row,
                           * the header first; the last rows are the totals */
  guint      n_total_rows;/* rows at the end drawn as totals (bold) */
} RaLayoutCountyPanel;

RaLayoutCountyPanel *ra_layout_county_panel_new  (const char *county, guint n_columns);
RaLayoutCountyPanel *ra_layout_county_panel_copy (const RaLayoutCountyPanel *panel);
void                 ra_layout_county_panel_free (RaLayoutCountyPanel *panel);

/* What a layout is drawn from.  Borrowed pointers; see ra_layout_context_copy
 * for a context that outlives its sources (GTask workers). */
typedef struct {
  RaMapSnapshot *snapshot;       /* the map's visible layers and CRS */
  const RaView  *view;           /* (nullable) for RA_LAYOUT_MAP_VIEW */
  RaLayerData   *inset;          /* (nullable) the inset layer in the map CRS
                                  * (ra_layout_load_inset); no inset drawn if NULL */
  const char    *project_name;   /* (nullable) {project} */
  int            year;           /* {year}; 0: empty */
  const char    *county;         /* (nullable) {county}: the atlas page's county */
  const char    *date;           /* (nullable) the date of the data: the latest
                                  * ledger month or last edit (ra_export_data_date);
                                  * {date} is it after the year shown, "2030 (data
                                  * as of 2024-12)"; NULL and no year: empty */
  const char * const *schematic_layers;  /* (nullable) names of layers drawn as 示意,
                                          * besides those with location_approx = 1 */
  gboolean       highlight_county;  /* outline {county}'s geometry on the map */
  const char    *export_date;    /* (nullable) {export_date}: the day the figure is
                                  * made, never taken for the data's date */
  const RaLayoutCountyPanel *county_panel; /* (nullable) atlas pages: the county's
                                            * figures and projects under its map */
  gboolean       no_line_labels; /* no DN and length along the pipelines
                                  * (RaRenderOptions.draw_line_labels) */
} RaLayoutContext;

/* A context owning copies/references of everything in ctx. */
RaLayoutContext *ra_layout_context_copy (const RaLayoutContext *ctx);
void             ra_layout_context_free (RaLayoutContext *ctx);

/* Loads the inset item's source into the map CRS (the main frame's CRS).
 * (transfer full) (nullable) */
RaLayerData   *ra_layout_load_inset  (const RaLayoutItem *inset,
                                      RaCrs              *map_crs,
                                      GCancellable       *cancellable,
                                      GError            **error);

/* Where things end up on a page, for editors and tests (layout pixels). */
typedef struct {
  RaView   map_view;          /* the frame's view: 96 dpi, 1 px = 1 layout px */
  double   map_x_px, map_y_px;/* the frame's top-left corner on the page */
  double   scale_denominator; /* n of 1:n on paper at the frame centre */
  double   scalebar_m;        /* labelled length of the scale bar; 0 if none */
  double   scalebar_px;       /* its drawn length */
  double   north_angle_deg;   /* arrow rotation, clockwise from page up */
  double   centre_lon, centre_lat;
} RaLayoutGeometry;

/* Computes the frame's view and the derived quantities.  FALSE (with
 * error) when the layout has no map frame or the map has no extent. */
gboolean       ra_layout_compute     (const RaLayout        *layout,
                                      const RaLayoutContext *ctx,
                                      RaLayoutGeometry      *out,
                                      GError               **error);

/* Draws the page onto cr, whose user space must be layout pixels with the
 * page's top-left at (0, 0) (scale by dpi / 96 for a raster surface, by
 * 72 / 96 for PDF points).  Checks cancellable between items and inside
 * the map renderer; returns FALSE with G_IO_ERROR_CANCELLED or another
 * error.  Does not paint the page background. */
gboolean       ra_layout_draw        (const RaLayout        *layout,
                                      const RaLayoutContext *ctx,
                                      cairo_t               *cr,
                                      GCancellable          *cancellable,
                                      GError               **error);

/* Clockwise angle (degrees) from grid north (map +y) to true north at the
 * map point (x, y) of crs: minus the meridian convergence; 0 for a
 * geographic CRS.  NAN when the point cannot be transformed. */
double         ra_layout_true_north_angle (const RaCrs *crs, double x, double y);

/* The template expanded for ctx (see above).  (transfer full) */
char          *ra_layout_expand_text (const char            *template_text,
                                      const RaLayoutContext *ctx,
                                      double                 scale_denominator);

/* A tidy 1:n at or above n (1, 1.2, 1.25, 1.5, 1.6, 1.75, 2, 2.2, 2.25, 2.5, 3,
 * 3.5, 4, 4.5, 5, 6, 7, 7.5, 8, 9 x 10^k). */
double         ra_layout_round_scale (double n);

/* Default "数据来源" text for a sample project ("zhangye", "xinzhou") or
 * a generic one for other projects (sample NULL). (transfer full) */
char          *ra_layout_default_source_note (const char *sample);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaLayout, ra_layout_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaLayoutItem, ra_layout_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaLayoutContext, ra_layout_context_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaLayoutCountyPanel, ra_layout_county_panel_free)

G_END_DECLS
