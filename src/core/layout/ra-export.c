/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "ra-paths.h"
#include "ra-autocleanups.h"
#include "ra-error.h"
#include "ra-export.h"
#include "ra-balance.h"
#include "ra-ledger-chart.h"
#include "ra-profile-chart.h"
#include "ra-project-layers.h"
#include "ra-source.h"
#include "ra-store-water.h"
#include "ra-thematic.h"
#include "ra-thematic-balance.h"

#define PT_PER_PX (72.0 / 96.0)

void
ra_export_options_init (RaExportOptions *opts)
{
  g_return_if_fail (opts != NULL);
  memset (opts, 0, sizeof *opts);
  opts->format = RA_EXPORT_FORMAT_AUTO;
  opts->dpi = 300.0;
}

RaExportFormat
ra_export_format_for_path (const char *path)
{
  const char *dot = path != NULL ? strrchr (path, '.') : NULL;

  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return RA_EXPORT_FORMAT_AUTO;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return RA_EXPORT_FORMAT_PNG;
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return RA_EXPORT_FORMAT_PDF;
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return RA_EXPORT_FORMAT_SVG;
  return RA_EXPORT_FORMAT_AUTO;
}

char *
ra_export_atlas_page_path (const char *path, guint page, guint n_pages)
{
  const char *dot = strrchr (path, '.');
  int digits = MAX (2, (int) floor (log10 (MAX (1u, n_pages))) + 1);

  g_return_val_if_fail (path != NULL, NULL);

  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return g_strdup_printf ("%s-%0*u", path, digits, page);
  return g_strdup_printf ("%.*s-%0*u%s", (int) (dot - path), path, digits, page, dot);
}

/* The atlas layer: the polygon layer with an adcode field that has the
 * most features (a thematic map's status overlay may hold only some). */
static RaLayerData *
county_layer (RaMapSnapshot *snap)
{
  RaLayerData *best = NULL;

  for (guint i = 0; i < ra_map_snapshot_get_n_layers (snap); i++)
    {
      RaLayerData *data = ra_map_snapshot_get_layer_data (snap, i);

      if (data != NULL && data->kind == RA_GEOM_POLYGON && data->attrs != NULL &&
          ra_attr_table_field_index (data->attrs, "adcode") >= 0 &&
          (best == NULL || data->n_features > best->n_features))
        best = data;
    }
  return best;
}

typedef struct {
  const char *code;
  const char *name;
} CountyName;

static int
compare_county (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (((const CountyName *) a)->code, ((const CountyName *) b)->code);
}

GStrv
ra_export_list_counties (RaMapSnapshot *snap)
{
  RaLayerData *data;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (CountyName));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int f_code, f_name;

  g_return_val_if_fail (snap != NULL, NULL);

  data = county_layer (snap);
  if (data == NULL)
    return NULL;
  f_code = ra_attr_table_field_index (data->attrs, "adcode");
  f_name = ra_attr_table_field_index (data->attrs, "name_zh");
  if (f_name < 0)
    f_name = ra_attr_table_field_index (data->attrs, "name");
  for (guint i = 0; i < data->attrs->n_features && i < data->n_features; i++)
    {
      CountyName row;

      if (data->geoms[i] == NULL)
        continue;
      row.code = ra_attr_table_get (data->attrs, i, f_code);
      row.name = f_name >= 0 ? ra_attr_table_get (data->attrs, i, f_name) : NULL;
      if (row.name == NULL || *row.name == '\0')
        row.name = row.code;
      if (row.name != NULL && *row.name != '\0')
        g_array_append_val (rows, row);
    }
  if (rows->len == 0)
    return NULL;
  g_array_sort (rows, compare_county);
  for (guint i = 0; i < rows->len; i++)
    g_strv_builder_add (builder, g_array_index (rows, CountyName, i).name);
  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------------ */
/* Export                                                              */

static gboolean
cairo_failed (GError **error, const char *path, cairo_status_t status)
{
  g_autofree char *name = ra_path_display_name (path);

  g_set_error (error, RA_ERROR, RA_ERROR_WRITE, _("%s: cannot write the file (%s)"),
               name, cairo_status_to_string (status));
  return FALSE;
}

static void
report_progress (const RaExportOptions *opts, guint page, guint n_pages)
{
  if (opts->progress != NULL)
    opts->progress (n_pages > 0 ? (double) page / n_pages : 1.0, page, n_pages,
                    opts->progress_data);
}

/* One page: the layout for ctx (county page when county != NULL). */
static gboolean
draw_page (const RaLayout *layout, const RaLayoutContext *base, const char *county,
           GPtrArray *county_panels, cairo_t *cr, GCancellable *cancellable, GError **error)
{
  RaLayoutContext ctx = *base;

  for (guint i = 0; county != NULL && county_panels != NULL && i < county_panels->len; i++)
    {
      const RaLayoutCountyPanel *panel = g_ptr_array_index (county_panels, i);

      if (g_strcmp0 (panel->county, county) == 0)
        ctx.county_panel = panel;
    }
  g_autoptr(RaLayout) page_layout = NULL;

  if (county == NULL)
    return ra_layout_draw (layout, &ctx, cr, cancellable, error);

  page_layout = ra_layout_copy (layout);
  {
    RaLayoutItem *map = ra_layout_find_kind (page_layout, RA_LAYOUT_ITEM_MAP);
    if (map != NULL)
      {
        map->map_mode = RA_LAYOUT_MAP_FIT_COUNTY;
        map->scale_denominator = 0.0;
      }
  }
  ctx.county = county;
  ctx.highlight_county = TRUE;
  return ra_layout_draw (page_layout, &ctx, cr, cancellable, error);
}

static cairo_surface_t *
create_vector_surface (RaExportFormat format, const char *path, double w_pt, double h_pt,
                       const char *title)
{
  cairo_surface_t *surface;

  if (format == RA_EXPORT_FORMAT_PDF)
    {
      surface = cairo_pdf_surface_create (path, w_pt, h_pt);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        {
          /* Reproducible output: a fixed date, no clock. */
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                          RA_EXPORT_PDF_CREATE_DATE);
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Reclaim Atlas");
          if (title != NULL && *title != '\0')
            cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
        }
    }
  else
    {
      surface = cairo_svg_surface_create (path, w_pt, h_pt);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
    }
  return surface;
}

static void
remove_files (GPtrArray *files)
{
  for (guint i = 0; i < files->len; i++)
    if (g_ptr_array_index (files, i) != NULL)
      g_unlink (g_ptr_array_index (files, i));
}

gboolean
ra_export_layout (const RaLayout *layout, const RaLayoutContext *ctx_in,
                  const RaExportOptions *opts_in, const char *path, GStrv *files_out,
                  GCancellable *cancellable, GError **error)
{
  RaExportOptions opts;
  RaLayoutContext ctx;
  g_autoptr(RaLayerData) inset = NULL;
  g_auto(GStrv) counties = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autoptr(cairo_surface_t) doc = NULL;   /* multi-page PDF */
  RaExportFormat format;
  guint n_pages, n_ledger, n_profile;
  double w_px, h_px, dpi;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (ctx_in != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (opts_in != NULL)
    opts = *opts_in;
  else
    ra_export_options_init (&opts);
  ctx = *ctx_in;
  name = ra_path_display_name (path);
  format = opts.format != RA_EXPORT_FORMAT_AUTO ? opts.format : ra_export_format_for_path (path);
  if (format == RA_EXPORT_FORMAT_AUTO)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("%s: unknown output format (use .png, .pdf or .svg)"), name);
      return FALSE;
    }
  if (ctx.snapshot == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_EMPTY, _("%s: the map has nothing to show"), name);
      return FALSE;
    }
  dpi = opts.dpi > 0.0 ? CLAMP (opts.dpi, 36.0, 1200.0) : 300.0;

  /* The inset's data, unless the caller keeps it loaded (the app does). */
  if (ctx.inset == NULL)
    {
      RaLayoutItem *item = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_INSET);
      RaCrs *crs = ra_map_snapshot_get_crs (ctx.snapshot);

      if (item != NULL && item->visible && item->inset_source != NULL && crs != NULL)
        {
          g_autoptr(GError) inset_error = NULL;

          inset = ra_layout_load_inset (item, crs, cancellable, &inset_error);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          /* The locator map is an extra: the figure is still worth having. */
          if (inset == NULL)
            g_message ("%s: inset not drawn: %s", name, inset_error->message);
          ctx.inset = inset;
        }
    }

  if (opts.atlas)
    {
      counties = ra_export_list_counties (ctx.snapshot);
      if (counties == NULL)
        {
          g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                       _("%s: no county layer (polygons with an adcode field) for an atlas"),
                       name);
          return FALSE;
        }
    }
  n_pages = counties != NULL ? g_strv_length (counties) : 1;
  n_ledger = counties != NULL && opts.ledger_pages != NULL ? opts.ledger_pages->len : 0;
  n_profile = counties != NULL && opts.profile_pages != NULL ? opts.profile_pages->len : 0;
  n_pages += n_ledger + n_profile;
  w_px = layout->width_mm * RA_LAYOUT_PX_PER_MM;
  h_px = layout->height_mm * RA_LAYOUT_PX_PER_MM;
  if (format == RA_EXPORT_FORMAT_PNG &&
      (ceil (w_px * dpi / 96.0) > 32000 || ceil (h_px * dpi / 96.0) > 32000))
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("%s: the page is too large for %.0f dpi"), name, dpi);
      return FALSE;
    }
  {
    RaLayoutItem *t = ra_layout_find_item (layout, "title");
    if (t != NULL)
      title = ra_layout_expand_text (t->text, &ctx, 0);
  }

  report_progress (&opts, 0, n_pages);
  for (guint p = 0; p < n_pages; p++)
    {
      /* The ledger's pages (台账) follow the county pages, then the
       * pipeline profiles. */
      guint first_ledger = n_pages - n_profile - n_ledger;
      const RaLedgerChartData *ledger = p >= first_ledger && p < first_ledger + n_ledger
        ? g_ptr_array_index (opts.ledger_pages, p - first_ledger) : NULL;
      const RaProfileChartData *profile = p >= n_pages - n_profile && n_profile > 0
        ? g_ptr_array_index (opts.profile_pages, p - (n_pages - n_profile)) : NULL;
      const char *county = counties != NULL && ledger == NULL && profile == NULL ? counties[p]
                                                                                 : NULL;
      g_autofree char *page_path = NULL;
      g_autoptr(cairo_surface_t) surface = NULL;
      g_autoptr(cairo_t) cr = NULL;
      cairo_status_t status;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;

      if (counties != NULL && format != RA_EXPORT_FORMAT_PDF)
        page_path = ra_export_atlas_page_path (path, p + 1, n_pages);
      else
        page_path = g_strdup (path);

      switch (format)
        {
        case RA_EXPORT_FORMAT_PNG:
          surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                (int) ceil (w_px * dpi / 96.0),
                                                (int) ceil (h_px * dpi / 96.0));
          break;
        case RA_EXPORT_FORMAT_PDF:
          if (doc == NULL)
            {
              doc = create_vector_surface (format, page_path, w_px * PT_PER_PX, h_px * PT_PER_PX,
                                           title);
              g_ptr_array_add (files, g_strdup (page_path));
            }
          surface = cairo_surface_reference (doc);
          break;
        case RA_EXPORT_FORMAT_SVG:
        case RA_EXPORT_FORMAT_AUTO:
        default:
          surface = create_vector_surface (format, page_path, w_px * PT_PER_PX, h_px * PT_PER_PX,
                                           NULL);
          g_ptr_array_add (files, g_strdup (page_path));
          break;
        }
      status = cairo_surface_status (surface);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          cairo_failed (error, page_path, status);
          goto fail;
        }

      cr = cairo_create (surface);
      if (format == RA_EXPORT_FORMAT_PNG)
        {
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_paint (cr);
          cairo_scale (cr, dpi / 96.0, dpi / 96.0);
        }
      else
        cairo_scale (cr, PT_PER_PX, PT_PER_PX);

      if (ledger != NULL)
        {
          double margin = 12.0 * RA_LAYOUT_PX_PER_MM;
          cairo_rectangle_t rect = { margin, margin, w_px - 2 * margin, h_px - 2 * margin };

          ra_ledger_chart_draw (cr, &rect, ledger);
        }
      else if (profile != NULL)
        {
          double margin = 12.0 * RA_LAYOUT_PX_PER_MM;
          cairo_rectangle_t rect = { margin, margin, w_px - 2 * margin, h_px - 2 * margin };

          ra_profile_chart_draw (cr, &rect, profile);
        }
      else if (!draw_page (layout, &ctx, county, opts.county_panels, cr, cancellable, error))
        {
          g_prefix_error (error, "%s: ", name);
          goto fail;
        }
      status = cairo_status (cr);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          cairo_failed (error, page_path, status);
          goto fail;
        }
      if (format == RA_EXPORT_FORMAT_PDF)
        {
          g_autofree char *label = g_strdup_printf ("%u", p + 1);
          cairo_pdf_surface_set_page_label (doc, county != NULL ? county
                                                : ledger != NULL && ledger->plant_name != NULL
                                                ? ledger->plant_name
                                                : profile != NULL && profile->title != NULL
                                                ? profile->title : label);
          cairo_show_page (cr);
        }
      g_clear_pointer (&cr, cairo_destroy);

      if (format == RA_EXPORT_FORMAT_PNG)
        {
          g_ptr_array_add (files, g_strdup (page_path));
          status = cairo_surface_write_to_png (surface, page_path);
        }
      else if (format == RA_EXPORT_FORMAT_SVG)
        {
          cairo_surface_finish (surface);
          status = cairo_surface_status (surface);
        }
      if (status != CAIRO_STATUS_SUCCESS)
        {
          cairo_failed (error, page_path, status);
          goto fail;
        }
      report_progress (&opts, p + 1, n_pages);
    }
  if (doc != NULL)
    {
      cairo_status_t status;

      cairo_surface_finish (doc);
      status = cairo_surface_status (doc);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          cairo_failed (error, path, status);
          goto fail;
        }
    }
  if (files_out != NULL)
    {
      g_ptr_array_add (files, NULL);
      *files_out = (GStrv) g_ptr_array_steal (files, NULL);
    }
  return TRUE;

fail:
  if (doc != NULL)
    cairo_surface_finish (doc);
  remove_files (files);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Async                                                               */

typedef struct {
  RaLayout        *layout;
  RaLayoutContext *ctx;
  RaExportOptions  opts;
  char            *path;
  GMainContext    *main_context;
  /* the caller's progress callback, called on main_context */
  RaExportProgressFunc progress;
  gpointer         progress_data;
} ExportJob;

typedef struct {
  RaExportProgressFunc progress;
  gpointer             data;
  double               fraction;
  guint                page, n_pages;
} ProgressCall;

static void
export_job_free (ExportJob *job)
{
  ra_layout_free (job->layout);
  ra_layout_context_free (job->ctx);
  g_clear_pointer (&job->opts.ledger_pages, g_ptr_array_unref);
  g_clear_pointer (&job->opts.profile_pages, g_ptr_array_unref);
  g_clear_pointer (&job->opts.county_panels, g_ptr_array_unref);
  g_free (job->path);
  g_main_context_unref (job->main_context);
  g_free (job);
}

static gboolean
progress_idle (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->progress (call->fraction, call->page, call->n_pages, call->data);
  return G_SOURCE_REMOVE;
}

static void
progress_to_main (double fraction, guint page, guint n_pages, gpointer user_data)
{
  ExportJob *job = user_data;
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->progress = job->progress;
  call->data = job->progress_data;
  call->fraction = fraction;
  call->page = page;
  call->n_pages = n_pages;
  g_main_context_invoke_full (job->main_context, G_PRIORITY_DEFAULT, progress_idle, call, g_free);
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  GStrv files = NULL;

  if (ra_export_layout (job->layout, job->ctx, &job->opts, job->path, &files, cancellable, &error))
    g_task_return_pointer (task, files, (GDestroyNotify) g_strfreev);
  else
    g_task_return_error (task, error);
}

/**
 * ra_export_layout_async:
 *
 * Runs ra_export_layout in a worker thread.  The snapshot, view and inset
 * of ctx are referenced, the rest copied.
 */
void
ra_export_layout_async (const RaLayout *layout, const RaLayoutContext *ctx,
                        const RaExportOptions *opts, const char *path,
                        GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (ctx != NULL);
  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ra_export_layout_async);
  g_task_set_name (task, "ra_export_layout_async");
  job = g_new0 (ExportJob, 1);
  job->layout = ra_layout_copy (layout);
  job->ctx = ra_layout_context_copy (ctx);
  if (opts != NULL)
    job->opts = *opts;
  else
    ra_export_options_init (&job->opts);
  job->path = g_strdup (path);
  if (job->opts.ledger_pages != NULL)
    g_ptr_array_ref (job->opts.ledger_pages);
  if (job->opts.profile_pages != NULL)
    g_ptr_array_ref (job->opts.profile_pages);
  if (job->opts.county_panels != NULL)
    g_ptr_array_ref (job->opts.county_panels);
  job->main_context = g_main_context_ref_thread_default ();
  job->progress = job->opts.progress;
  job->progress_data = job->opts.progress_data;
  if (job->progress != NULL)
    {
      job->opts.progress = progress_to_main;
      job->opts.progress_data = job;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

GStrv
ra_export_layout_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, ra_export_layout_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The project's map                                                   */

/* Table layers with a location flagged approximate are drawn as 示意. */
static void
add_schematic_names (GStrvBuilder *schematic, RaLayer *layer)
{
  RaAttrTable *attrs = ra_layer_get_attrs (layer);
  int f;

  if (attrs == NULL || (f = ra_attr_table_field_index (attrs, "location_approx")) < 0)
    return;
  for (guint k = 0; k < attrs->n_features; k++)
    if (g_strcmp0 (ra_attr_table_get (attrs, k, f), "1") == 0)
      {
        g_strv_builder_add (schematic, ra_layer_get_name (layer));
        return;
      }
}

static gboolean
add_layer (RaMap *map, GStrvBuilder *schematic, RaLayer *layer, GError **error)
{
  add_schematic_names (schematic, layer);
  return ra_map_add_layer (map, layer, error);
}

/**
 * ra_export_build_project_map:
 *
 * The map the app shows for the project (ra-project-layers.h): the
 * project's own layers with their default styles; with a year, the plan's
 * thematic layers as the app places them (the choropleth and its status
 * overlay at the bottom in place of the plain counties, which the app
 * hides then, the project symbols above them, under the project's own
 * plants and pipelines), and the water balance's flows and plant donuts
 * on top when the project has water users.
 *
 * Returns: (transfer full) (nullable)
 */
RaMap *
ra_export_build_project_map (RaStore *store, int year, GStrv *schematic_out, GError **error)
{
  g_autoptr(RaPlan) plan = NULL;
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(GPtrArray) thematic = NULL;
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(GStrvBuilder) schematic = g_strv_builder_new ();

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  own = ra_project_layers_load (store, year, error);
  if (own == NULL)
    return NULL;
  if (year > 0)
    {
      plan = ra_plan_new_from_store (store, error);
      if (plan == NULL)
        return NULL;
      thematic = ra_thematic_build (plan, store, year, RA_THEMATIC_REUSE_RATE, error);
      if (thematic == NULL)
        return NULL;
    }

  /* Bottom first: ra_map_add_layer puts each on top. */
  for (guint i = 0; i < own->len; i++)
    {
      RaLayer *layer = g_ptr_array_index (own, i);
      const char *table = ra_layer_get_source_layer_name (layer);

      if (g_strcmp0 (table, "counties") == 0)
        {
          /* The choropleth draws the counties: the plain layer would only
           * repeat them in the legend. */
          if (thematic == NULL && !add_layer (map, schematic, layer, error))
            return NULL;
          if (thematic != NULL)
            for (guint k = 0; k < thematic->len; k++)
              {
                RaLayer *t = g_ptr_array_index (thematic, k);

                /* Projects are placed at their county seats: approximate. */
                if (g_strcmp0 (ra_thematic_layer_role (t), "projects") == 0)
                  g_strv_builder_add (schematic, ra_layer_get_name (t));
                if (!ra_map_add_layer (map, t, error))
                  return NULL;
              }
          g_clear_pointer (&thematic, g_ptr_array_unref);
        }
      else if (!add_layer (map, schematic, layer, error))
        return NULL;
    }
  /* A project without counties still shows its plan. */
  for (guint k = 0; thematic != NULL && k < thematic->len; k++)
    {
      RaLayer *t = g_ptr_array_index (thematic, k);

      if (g_strcmp0 (ra_thematic_layer_role (t), "projects") == 0)
        g_strv_builder_add (schematic, ra_layer_get_name (t));
      if (!ra_map_add_layer (map, t, error))
        return NULL;
    }

  /* The water balance of the year, as the app draws it. */
  if (ra_project_layers_find (own, "water_users") != NULL)
    {
      RaBalance *balance;
      g_autoptr(GPtrArray) flows = NULL;
      int balance_year = year > 0 ? year : ra_balance_default_year (store, error);

      if (balance_year <= 0)
        return NULL;
      balance = ra_balance_new_from_store (store, balance_year, NULL, error);
      if (balance == NULL)
        return NULL;
      flows = ra_thematic_balance_build (store, balance, error);
      ra_balance_free (balance);
      if (flows == NULL)
        return NULL;
      for (guint k = 0; k < flows->len; k++)
        if (!ra_map_add_layer (map, g_ptr_array_index (flows, k), error))
          return NULL;
    }

  if (ra_map_get_n_layers (map) == 0)
    {
      g_autofree char *name = ra_path_display_name (ra_store_get_path (store));
      g_set_error (error, RA_ERROR, RA_ERROR_EMPTY, _("%s: the project has no geometries to draw"),
                   name);
      return NULL;
    }
  if (schematic_out != NULL)
    *schematic_out = g_strv_builder_end (schematic);
  return g_steal_pointer (&map);
}

/* ------------------------------------------------------------------ */
/* Atlas county sections and the data's date                           */

/* Volumes people read are whole 10^4 m3/a. */
static char *
format_volume (double v)
{
  return isfinite (v) ? g_strdup_printf ("%.0f", round (v) == 0.0 ? 0.0 : round (v)) : g_strdup ("–");
}

/* Rates: one decimal when whole percent would hide the difference. */
static char *
format_rate (double v)
{
  if (!isfinite (v))
    return g_strdup ("–");
  if (fabs (v - round (v)) >= 0.05)
    return g_strdup_printf ("%.1f %%", v);
  return g_strdup_printf ("%.0f %%", round (v) == 0.0 ? 0.0 : round (v));
}

static char *
format_signed (double v, const char *unit_fmt)
{
  g_autofree char *num = NULL;

  if (!isfinite (v))
    return g_strdup ("–");
  v = round (v * 10.0) / 10.0;
  num = fabs (v - round (v)) >= 0.05 ? g_strdup_printf ("%+.1f", v)
                                     : g_strdup_printf ("%+.0f", round (v) == 0.0 ? 0.0 : round (v));
  return g_strdup_printf (unit_fmt, num);
}

static RaLayoutCountyPanel *
county_panel (RaPlan *plan, const char *adcode, int year)
{
  const RaPlanFigures *f = ra_plan_get_figures (plan, adcode, year);
  GPtrArray *projects = ra_plan_get_projects (plan);
  int baseline = ra_plan_get_baseline_year (plan);
  RaLayoutCountyPanel *panel;
  g_autofree char *use = NULL, *treated = NULL, *rate = NULL, *target_rate = NULL;
  g_autofree char *gap_pts = NULL, *gap_use = NULL, *total = NULL, *target_use = NULL;
  double added = 0.0;

  if (f == NULL)
    return NULL;
  panel = ra_layout_county_panel_new (ra_plan_get_area_name (plan, adcode), 4);
  /* Translators: heading of an atlas page's county section: county, year. */
  panel->title = g_strdup_printf (_("%s in %d: key figures and projects in service"),
                                  f->name != NULL ? f->name : adcode, year);

  use = format_volume (f->reclaimed_use);
  treated = format_volume (f->treated_wastewater);
  rate = f->status == RA_PLAN_STATUS_CONFLICT ? g_strdup (_("data conflict"))
                                              : format_rate (f->reuse_rate_pct);
  target_rate = format_rate (f->target_rate_pct);
  gap_pts = format_signed (f->gap_rate_pts, _("%s pts"));
  gap_use = format_signed (f->gap_use, "%s");
  g_ptr_array_add (panel->figures,
                   g_strdup_printf (_("Reclaimed water used: %s (10⁴ m³/a)"), use));
  g_ptr_array_add (panel->figures,
                   g_strdup_printf (_("Treated wastewater: %s (10⁴ m³/a)"), treated));
  g_ptr_array_add (panel->figures, g_strdup_printf (_("Reuse rate: %s"), rate));
  if (f->target_year > 0)
    {
      g_ptr_array_add (panel->figures,
                       g_strdup_printf (_("Target rate %d: %s"), f->target_year, target_rate));
      g_ptr_array_add (panel->figures, g_strdup_printf (_("Gap: %s, %s (10⁴ m³/a)"), gap_pts,
                                                        gap_use));
    }
  else
    g_ptr_array_add (panel->figures, g_strdup (_("No target")));

  /* The table: header, the projects the plan counts for the year, totals. */
  g_ptr_array_add (panel->cells, g_strdup (_("Code")));
  g_ptr_array_add (panel->cells, g_strdup (_("Project")));
  g_ptr_array_add (panel->cells, g_strdup (_("In service")));
  g_ptr_array_add (panel->cells, g_strdup (_("Capacity (10⁴ m³/a)")));
  for (guint i = 0; projects != NULL && i < projects->len; i++)
    {
      const RaProjectRecord *p = g_ptr_array_index (projects, i);
      int sy = ra_plan_project_service_year (p);

      if (g_strcmp0 (p->adcode, adcode) != 0 || sy <= 0 || sy > year ||
          (baseline > 0 && sy <= baseline))
        continue;
      g_ptr_array_add (panel->cells, g_strdup (p->code != NULL ? p->code : ""));
      g_ptr_array_add (panel->cells, g_strdup (p->name != NULL ? p->name : ""));
      g_ptr_array_add (panel->cells, g_strdup_printf ("%d", sy));
      g_ptr_array_add (panel->cells, format_volume (p->cap_total));
    }
  if (panel->cells->len == 4)
    {
      g_ptr_array_add (panel->cells, g_strdup (""));
      /* Translators: the only row of an atlas county table without projects. */
      g_ptr_array_add (panel->cells, g_strdup (_("No project in service by this year")));
      g_ptr_array_add (panel->cells, g_strdup (""));
      g_ptr_array_add (panel->cells, g_strdup (""));
    }
  added = (isfinite (f->added_reclaimed) ? f->added_reclaimed : 0.0) +
          (isfinite (f->added_mine) ? f->added_mine : 0.0);
  total = format_volume (added);
  g_ptr_array_add (panel->cells, g_strdup (""));
  g_ptr_array_add (panel->cells, g_strdup_printf (_("Total in service by %d (%u projects)"),
                                                  year, f->n_projects));
  g_ptr_array_add (panel->cells, g_strdup (""));
  g_ptr_array_add (panel->cells, g_steal_pointer (&total));
  panel->n_total_rows = 1;
  if (f->target_year > 0)
    {
      target_use = format_volume (f->target_reclaimed_use);
      g_ptr_array_add (panel->cells, g_strdup (""));
      g_ptr_array_add (panel->cells, g_strdup_printf (_("Target use %d"), f->target_year));
      g_ptr_array_add (panel->cells, g_strdup (""));
      g_ptr_array_add (panel->cells, g_steal_pointer (&target_use));
      g_ptr_array_add (panel->cells, g_strdup (""));
      g_ptr_array_add (panel->cells, g_strdup (_("Gap (use − target)")));
      g_ptr_array_add (panel->cells, g_strdup (""));
      g_ptr_array_add (panel->cells, g_strdup (gap_use));
      panel->n_total_rows += 2;
    }
  return panel;
}

/**
 * ra_export_county_panels:
 *
 * Returns: (transfer full) (element-type RaLayoutCountyPanel)
 */
GPtrArray *
ra_export_county_panels (RaPlan *plan, int year)
{
  GPtrArray *panels = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_layout_county_panel_free);
  const char * const *adcodes;

  g_return_val_if_fail (RA_IS_PLAN (plan), panels);

  if (year <= 0)
    year = ra_plan_get_baseline_year (plan);
  adcodes = ra_plan_get_county_adcodes (plan);
  for (guint i = 0; year > 0 && adcodes != NULL && adcodes[i] != NULL; i++)
    {
      RaLayoutCountyPanel *panel = county_panel (plan, adcodes[i], year);

      if (panel != NULL)
        g_ptr_array_add (panels, panel);
    }
  return panels;
}

/**
 * ra_export_data_date:
 *
 * Returns: (transfer full) (nullable)
 */
char *
ra_export_data_date (RaStore *store)
{
  g_autoptr(GPtrArray) ledger = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  const char *latest = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  /* Measured data first: the facility ledgers' latest month. */
  if (ra_store_count_rows (store, "ledger", NULL) > 0 &&
      (ledger = ra_store_list_ledger (store, 0, NULL)) != NULL)
    for (guint i = 0; i < ledger->len; i++)
      {
        const RaLedgerRecord *rec = g_ptr_array_index (ledger, i);

        if (rec->month != NULL && g_strcmp0 (rec->month, latest) > 0)
          latest = rec->month;
      }
  if (latest != NULL)
    return g_strdup (latest);
  /* Else the last edit recorded (oldest first). */
  audit = ra_store_list_audit (store, NULL, 0, NULL);
  if (audit != NULL && audit->len > 0)
    {
      const RaAuditRecord *rec = g_ptr_array_index (audit, audit->len - 1);

      if (rec->at != NULL && strlen (rec->at) >= 10)
        return g_strndup (rec->at, 10);
    }
  return NULL;
}
