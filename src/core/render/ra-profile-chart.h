/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The longitudinal profile of a pipeline route (issue 18): the ground
 * along the route, the pipe under it, the hydraulic grade line, the head
 * the source's pump adds, the users on the way with their pressure, the
 * high points where air valves go, and the stretches where the grade line
 * leaves less than the required pressure above the ground, in red.  One
 * function draws it on any cairo_t: the app's profile window and the
 * PNG, PDF and SVG figures.
 *
 * The chart sees plain numbers; ra-hydraulics builds them. */

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* A point along the route, upstream first; metres (elevations above sea
 * level, or above the flat ground the project assumes). */
typedef struct {
  double chainage_m;
  double ground_m;
  double pipe_m;      /* the pipe's crown; NAN: the ground less the cover */
  double hgl_m;       /* the hydraulic grade line */
} RaProfileSample;

typedef enum {
  RA_PROFILE_MARK_SOURCE,     /* the plant: value = the pump head (m) */
  RA_PROFILE_MARK_USER,       /* a user: value = its pressure (m) */
  RA_PROFILE_MARK_JUNCTION,   /* where the route meets another pipe */
  RA_PROFILE_MARK_AIR_VALVE,  /* a high point */
} RaProfileMarkKind;

typedef struct {
  RaProfileMarkKind kind;
  double            chainage_m;
  double            value_m;
  char             *label;    /* owned (nullable): "S3 甘州区污水处理厂" */
} RaProfileMark;

typedef struct {
  char     *title;            /* owned (nullable) */
  char     *subtitle;         /* owned (nullable): DN, flow, year... */
  GArray   *samples;          /* RaProfileSample, by chainage */
  GArray   *marks;            /* RaProfileMark */
  double    residual_m;       /* the pressure every point should keep */
  gboolean  flat_ground;      /* no DEM: the ground was taken as flat */
} RaProfileChartData;

RaProfileChartData *ra_profile_chart_data_new  (const char *title, const char *subtitle);
void                ra_profile_chart_data_free (RaProfileChartData *data);
void                ra_profile_chart_data_add_sample (RaProfileChartData *data, double chainage_m,
                                                      double ground_m, double pipe_m,
                                                      double hgl_m);
void                ra_profile_chart_data_add_mark   (RaProfileChartData *data,
                                                      RaProfileMarkKind kind, double chainage_m,
                                                      double value_m, const char *label);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaProfileChartData, ra_profile_chart_data_free)

/* The stretches (from, to chainage pairs) where the grade line lies less
 * than residual_m above the ground: red on the chart.  (transfer full) of
 * double pairs. */
GArray  *ra_profile_chart_low_pressure (const RaProfileChartData *data);

/* Draws the chart into rect (white background, text sized from it). */
void     ra_profile_chart_draw  (cairo_t *cr, const cairo_rectangle_t *rect,
                                 const RaProfileChartData *data);
/* Writes it to a .png (pixels), .pdf or .svg (points); errors name the file. */
gboolean ra_profile_chart_write (const RaProfileChartData *data, const char *path, int width,
                                 int height, GError **error);
/* Its texts, title first, as drawn.  (transfer full) */
GStrv    ra_profile_chart_dup_texts (const RaProfileChartData *data);

G_END_DECLS
