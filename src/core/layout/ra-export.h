/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "ra-layout.h"
#include "ra-map.h"
#include "ra-plan.h"
#include "ra-raster.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* Exporting print layouts: PDF (vector, fonts embedded and subset by cairo,
 * text kept as text, fixed creation date), SVG, or PNG at any dpi (150,
 * 300 and 600 are the ones offered).  One surface per format, then
 * ra_layout_draw for every page, as MapServer's createImageCairo does. */

typedef enum {
  RA_EXPORT_FORMAT_AUTO = 0,  /* by the file's extension */
  RA_EXPORT_FORMAT_PNG,
  RA_EXPORT_FORMAT_PDF,
  RA_EXPORT_FORMAT_SVG,
} RaExportFormat;

/* Called after each page (and once with 0 before the first): fraction
 * 0..1 done, page (1-based) just finished of n_pages. */
typedef void (*RaExportProgressFunc) (double   fraction,
                                      guint    page,
                                      guint    n_pages,
                                      gpointer user_data);

typedef struct {
  RaExportFormat       format;
  double               dpi;        /* PNG; <= 0: 300.  Clamped to 36..1200 */
  gboolean             atlas;      /* one page per county of the map */
  GPtrArray           *ledger_pages; /* (nullable) (element-type RaLedgerChartData):
                                    * atlas only, a chart page each after the
                                    * county pages (ra_ledger_atlas_pages) */
  GPtrArray           *county_panels; /* (nullable) (element-type RaLayoutCountyPanel):
                                    * atlas only, each county page's section
                                    * (ra_export_county_panels), by county name */
  GPtrArray           *profile_pages; /* (nullable) (element-type RaProfileChartData):
                                    * atlas only, a pipeline profile page each
                                    * after the ledger's (ra_export_profile_pages) */
  RaExportProgressFunc progress;   /* (nullable) */
  gpointer             progress_data;
} RaExportOptions;

#define RA_EXPORT_PDF_CREATE_DATE "2024-01-01T00:00:00Z"

void     ra_export_options_init (RaExportOptions *opts);

/* Format of path's extension; RA_EXPORT_FORMAT_AUTO if unknown. */
RaExportFormat ra_export_format_for_path (const char *path);

/* Exports the layout.  Atlas: a multi-page PDF, or numbered PNG/SVG files
 * (ra_export_atlas_page_path); each page's map frame is fitted to a county
 * (ra_export_list_counties), {county} set and its outline drawn.  The
 * inset is loaded when ctx->inset is NULL and the layout has one.
 * cancellable is checked per page and per item (G_IO_ERROR_CANCELLED);
 * a cancelled or failed export removes the files it wrote.  Errors name
 * the file.  files_out (nullable): the paths written (transfer full). */
gboolean ra_export_layout        (const RaLayout         *layout,
                                  const RaLayoutContext  *ctx,
                                  const RaExportOptions  *opts,
                                  const char             *path,
                                  GStrv                  *files_out,
                                  GCancellable           *cancellable,
                                  GError                **error);

/* The same in a GTask thread: the layout and context are copied first (so
 * the caller may change its own right away); progress is called on the
 * caller's thread-default main context. */
void     ra_export_layout_async  (const RaLayout         *layout,
                                  const RaLayoutContext  *ctx,
                                  const RaExportOptions  *opts,
                                  const char             *path,
                                  GCancellable           *cancellable,
                                  GAsyncReadyCallback     callback,
                                  gpointer                user_data);
/* Returns: (transfer full) (nullable) the files written (NULL-terminated). */
GStrv    ra_export_layout_finish (GAsyncResult  *result,
                                  GError       **error);

/* Atlas page file: "out.png", 3 -> "out-03.png" (two digits, more when
 * needed).  (transfer full) */
char    *ra_export_atlas_page_path (const char *path, guint page, guint n_pages);

/* The counties an atlas has pages for: names (name_zh, else name, else
 * adcode) of the polygon layer with an adcode field, in adcode order.
 * (transfer full) (nullable) NULL-terminated. */
GStrv    ra_export_list_counties (RaMapSnapshot *snap);

/* The project's map for printing: with year > 0 the plan's thematic layers
 * for that year (ra_thematic_build), else the project's tables as they are
 * (counties labelled by name).  schematic_out (nullable): names of layers
 * whose positions are approximate.  (transfer full) (nullable) */
RaMap   *ra_export_build_project_map (RaStore  *store,
                                      int       year,
                                      GStrv    *schematic_out,
                                      GError  **error);

/* Adds the visible layers kept in the project's map (app_layers: a
 * basemap, a DEM with its shading, other files) as the app shows them:
 * rasters under everything, vectors on top.  Online basemaps and files
 * that cannot be opened are left out, said in warnings (nullable,
 * element-type utf8).  Returns the number added. */
guint      ra_export_add_kept_layers (RaMap *map, RaStore *store, GPtrArray *warnings);
/* The first visible elevation model kept in the project's map.
 * (transfer full) (nullable) */
RaRaster  *ra_export_open_kept_dem   (RaStore *store);
/* The atlas's pipeline profile pages for year (issue 18): per plant that
 * feeds a network, the route to the user that sets its pump head, over
 * dem (nullable: flat ground).  NULL with error when the network cannot be
 * solved.  (transfer full) (element-type RaProfileChartData) */
GPtrArray *ra_export_profile_pages   (RaStore *store, int year, RaRaster *dem, GError **error);
/* The same over the DEM kept in the project (flat without one), for year
 * (<= 0: the water balance's default); NULL with the reason in warnings
 * (nullable) when the network cannot be solved. */
GPtrArray *ra_export_atlas_profiles  (RaStore *store, int year, GPtrArray *warnings);

/* The atlas pages' county sections for year (<= 0: the plan's baseline
 * year), one per county of the plan, from the plan analysis
 * (ra_plan_get_figures): reclaimed water used, treated wastewater, reuse
 * rate, target rate and gap, and a table of the projects in service by the
 * year (those the plan counts: in service after the baseline) with their
 * total, the target use and the gap.
 * Returns: (transfer full) (element-type RaLayoutCountyPanel) */
GPtrArray *ra_export_county_panels (RaPlan *plan, int year);

/* The date of the project's data: its latest ledger month ("2024-12") when
 * it has ledgers (台账), else the day of its last recorded edit (audit,
 * "2025-03-01"); NULL when neither is known.  Never the day of the export.
 * (transfer full) (nullable) */
char      *ra_export_data_date     (RaStore *store);

G_END_DECLS
