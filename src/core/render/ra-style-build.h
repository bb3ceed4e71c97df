/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Thematic styles from data (these need RaAttrTable, hence live here
 * rather than in ra-style.h, which ra-layer.h includes).  ra-legend.h
 * includes this header. */

#include "ra-layer.h"

G_BEGIN_DECLS

/* Makes style categorized by field: one class per distinct non-empty value
 * (numbers sorted numerically when every value is a number, else by
 * g_utf8_collate), coloured from a colour-blind safe qualitative palette.
 * Fails (RA_ERROR_NOT_FOUND / RA_ERROR_INVALID_ARGUMENT) when the field is
 * missing or has more than RA_STYLE_MAX_CLASSES distinct values. */
gboolean ra_style_build_categories (RaStyle           *style,
                                    const RaAttrTable *attrs,
                                    const char        *field,
                                    GError           **error);

/* Makes style graduated by the numeric field: breaks by method (not
 * MANUAL) over the values that parse as numbers, colours from ramp
 * (nullable: style->ramp or "YlGnBu").  Fails when the field is missing or
 * has no numeric value. */
gboolean ra_style_build_graduated  (RaStyle           *style,
                                    const RaAttrTable *attrs,
                                    const char        *field,
                                    RaClassifyMethod   method,
                                    guint              n_classes,
                                    const char        *ramp,
                                    GError           **error);

/* The value drawn at style->size_max_px: style->size_max_value when > 0,
 * else the largest value of style->size_field in attrs (0 if none). */
double   ra_style_size_max_in_table (const RaStyle *style, const RaAttrTable *attrs);
/* The value drawn at style->width_max_px: style->width_max_value when > 0,
 * else the largest value of style->width_field in attrs (0 if none). */
double   ra_style_width_max_in_table (const RaStyle *style, const RaAttrTable *attrs);

G_END_DECLS
