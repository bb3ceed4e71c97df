/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  double r, g, b, a;   /* 0..1 */
} RaColor;

typedef enum {
  RA_MARKER_CIRCLE,
  RA_MARKER_SQUARE,
  RA_MARKER_TRIANGLE,
  RA_MARKER_DIAMOND,
} RaMarker;

/* Single-symbol style of a layer (thematic styles come with the plan issue).
 * A plain value type: copy it by assignment; label_field is owned, so use
 * ra_style_copy / ra_style_clear. */
typedef struct {
  RaColor  fill;
  RaColor  stroke;
  double   stroke_width_px;
  RaMarker marker;
  double   marker_size_px;     /* diameter */
  char    *label_field;        /* nullable: no labels */
  char    *label_font;         /* Pango font description, e.g. "Noto Sans CJK SC 10" */
  RaColor  label_color;
  RaColor  label_halo;
  double   label_halo_px;
} RaStyle;

#define RA_TYPE_STYLE (ra_style_get_type ())
GType    ra_style_get_type     (void);
RaStyle *ra_style_new_default  (int kind_hint, guint seed); /* kind_hint: RaGeomKind */
RaStyle *ra_style_copy         (const RaStyle *style);
void     ra_style_free         (RaStyle *style);
void     ra_style_set_label_field (RaStyle *style, const char *field);

gboolean ra_color_parse        (RaColor *color, const char *text); /* "#rrggbb[aa]" */
char    *ra_color_to_string    (const RaColor *color);             /* "#rrggbbaa" */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaStyle, ra_style_free)

G_END_DECLS
