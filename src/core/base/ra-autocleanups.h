/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Auto-cleanup for foreign handles, declared once here (STYLE.md rule 4). */
#include <glib.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <proj.h>
#include <cairo.h>

typedef PJ RaPJ;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaPJ, proj_destroy)
typedef PJ_CONTEXT RaPJContext;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaPJContext, proj_context_destroy)
typedef void *RaGDALDatasetH;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (GDALDatasetH, GDALClose, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OGRFeatureH, OGR_F_Destroy, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OGRSpatialReferenceH, OSRRelease, NULL)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)
