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

/* How a layer's features get their colours and sizes. */
typedef enum {
  RA_STYLE_SINGLE = 0,    /* one symbol for every feature (the default) */
  RA_STYLE_CATEGORIZED,   /* colour by the text of a field (classes with a value) */
  RA_STYLE_GRADUATED,     /* colour by numeric ranges of a field */
  RA_STYLE_PROPORTIONAL,  /* symbol area proportional to a numeric field */
} RaStyleKind;

/* How graduated class breaks are found. */
typedef enum {
  RA_CLASSIFY_EQUAL_INTERVAL = 0,
  RA_CLASSIFY_QUANTILE,
  RA_CLASSIFY_JENKS,            /* natural breaks (Fisher-Jenks, optimal) */
  RA_CLASSIFY_MANUAL,           /* breaks typed in by the user */
} RaClassifyMethod;

/* Fill pattern drawn over a class's fill (so met/unmet and "no data" do
 * not rely on colour alone, and survive greyscale printing). */
typedef enum {
  RA_PATTERN_NONE = 0,
  RA_PATTERN_HATCH,             /* diagonal lines */
  RA_PATTERN_CROSS,             /* crossed diagonal lines */
} RaPattern;

/* One class of a thematic style.  A class with a value matches features
 * whose field text equals it (categorized); a class without one matches
 * numbers with lower <= v < upper (the last class of a style also takes
 * v == upper); lower may be -INFINITY and upper INFINITY. */
typedef struct {
  char     *value;          /* (nullable) owned: category text */
  double    lower, upper;   /* numeric range when value is NULL */
  char     *label;          /* (nullable) owned: legend text; NULL: made from value/range */
  RaColor   fill;           /* polygon and marker fill; the colour of lines */
  RaColor   stroke;         /* outline of polygons and markers */
  RaPattern pattern;
  RaColor   pattern_color;
} RaStyleClass;

/* One wedge of the pies drawn inside proportional symbols: the share of a
 * numeric field among the style's pie fields. */
typedef struct {
  char    *field;           /* owned: numeric field */
  char    *label;           /* (nullable) owned: legend text; NULL: the field name */
  RaColor  fill;
} RaStylePieField;

/* Style of a layer.  RA_STYLE_SINGLE (the default) uses the first block of
 * fields only.  Owned pointers: label_field, label_font and everything in
 * the thematic block, so copy with ra_style_copy and free with
 * ra_style_free (assignment gives a shallow copy). */
typedef struct {
  RaColor  fill;
  RaColor  stroke;
  double   stroke_width_px;
  /* Lines: a wider casing drawn under the stroke so the line reads on
   * any fill (0 or transparent: none). */
  RaColor  casing;
  double   casing_width_px;
  RaMarker marker;
  double   marker_size_px;     /* diameter */
  char    *label_field;        /* nullable: no labels */
  char    *label_font;         /* Pango font description, e.g. "Noto Sans CJK SC 10" */
  RaColor  label_color;
  RaColor  label_halo;
  double   label_halo_px;
  /* Labels of a higher priority are placed before the others, whatever
   * their geometry; above 0 a label is never dropped: when no free place
   * is left it goes where it collides least (the plan map's county names).
   * 0: the default. */
  double   label_priority;
  /* Lines (pipelines): a second label along each line, rotated to it and
   * kept upright, beside it with the halo: the nominal diameter in this
   * numeric field and the line's geodesic length, "DN600 · 12.35 km"
   * (just the length when the field is empty).  Left out where the line
   * is too short on screen or the place is taken, and when the render
   * options turn line labels off.  NULL: none. */
  char    *dn_label_field;

  /* Thematic styling */
  RaStyleKind       kind;
  char             *field;          /* (nullable) classification field */
  RaClassifyMethod  method;         /* how the graduated breaks were found */
  char             *ramp;           /* (nullable) colour ramp name, e.g. "YlGnBu" */
  guint             n_classes;
  RaStyleClass     *classes;        /* n_classes entries */
  RaStyleClass      other;          /* values that match no class */
  RaStyleClass      no_data;        /* NULL, empty or (graduated) non-numeric values */

  /* Proportional symbols (RA_STYLE_PROPORTIONAL): circles at each feature's
   * label point, area proportional to size_field.  Coloured by the classes
   * (via field) when there are any, else size_fill / size_stroke. */
  char             *size_field;     /* (nullable) numeric field */
  double            size_max_value; /* value drawn at size_max_px; <= 0: the layer's maximum */
  double            size_max_px;    /* diameter of the largest symbol */
  double            size_min_px;    /* smaller symbols are drawn at this diameter */
  RaColor           size_fill;
  RaColor           size_stroke;

  /* Pies (RA_STYLE_PROPORTIONAL only): when there are pie fields, each
   * symbol is split into wedges, clockwise from 12 o'clock, of angle
   * proportional to each field's value among them (the area stays
   * proportional to size_field).  Symbols whose pie values are all 0 or
   * missing keep their plain fill.  Outline and pattern still come from
   * the class or size_stroke. */
  guint             n_pie_fields;
  RaStylePieField  *pie_fields;     /* n_pie_fields entries */
  /* Donuts: the pies' hole as a fraction of the symbol's diameter (0: a
   * full pie, the default; at most 0.9).  The ring keeps the wedges'
   * angles; the hole shows the map. */
  double            pie_hole;

  /* Line widths by value (lines of any kind of style): when width_field
   * is set, each line is stroked at a width whose value is proportional
   * to the field: width_max_px at width_max_value (<= 0: the layer's
   * maximum), never thinner than width_min_px; lines without a positive
   * value are not drawn.  NULL (the default): stroke_width_px. */
  char             *width_field;    /* (nullable) numeric field */
  double            width_max_value;
  double            width_max_px;
  double            width_min_px;
} RaStyle;

#define RA_STYLE_MAX_PIE_FIELDS 16

#define RA_TYPE_STYLE (ra_style_get_type ())
GType    ra_style_get_type     (void);
RaStyle *ra_style_new_default  (int kind_hint, guint seed); /* kind_hint: RaGeomKind */
RaStyle *ra_style_copy         (const RaStyle *style);
void     ra_style_free         (RaStyle *style);
void     ra_style_set_label_field (RaStyle *style, const char *field);

gboolean ra_color_parse        (RaColor *color, const char *text); /* "#rrggbb[aa]" */
char    *ra_color_to_string    (const RaColor *color);             /* "#rrggbbaa" */

/* Thematic styles.  Building classes from a layer's attribute table is in
 * ra-legend.h (ra_style_build_categories, ra_style_build_graduated), since
 * RaAttrTable is declared in ra-layer.h, which includes this header. */

#define RA_STYLE_MAX_CLASSES 256

/* Parses a number the C way (g_ascii_strtod) after trimming blanks; the whole
 * text must be consumed and the result finite.  FALSE for NULL/"". */
gboolean ra_style_parse_number     (const char *text, double *value);

/* Finds class breaks for values (non-finite ones are ignored).  breaks must
 * hold n_classes + 1 entries: breaks[0] is the minimum, breaks[n] the
 * maximum and breaks[i] the lower bound of class i (a data value for
 * quantiles and Jenks, so that lower <= v < upper partitions the data
 * exactly).  Returns the number of classes made, which is smaller than
 * n_classes when there are fewer distinct values; 0 when there are no
 * values or for RA_CLASSIFY_MANUAL (breaks untouched). */
guint    ra_style_classify_numeric (const double     *values,
                                    gsize             n_values,
                                    RaClassifyMethod  method,
                                    guint             n_classes,
                                    double           *breaks);

/* Replaces the classes by numeric ranges [breaks[i], breaks[i+1]) coloured
 * from ramp (NULL: keep style->ramp, else "YlGnBu") and sets kind to
 * RA_STYLE_GRADUATED, field and method.  n_breaks = n_classes + 1 >= 2 and
 * breaks must not decrease. */
void     ra_style_set_graduated    (RaStyle          *style,
                                    const char       *field,
                                    RaClassifyMethod  method,
                                    const double     *breaks,
                                    guint             n_breaks,
                                    const char       *ramp);
/* Appends a category class (value matched exactly) with the given fill;
 * stroke from the style. */
void     ra_style_add_category     (RaStyle          *style,
                                    const char       *value,
                                    const char       *label,
                                    const RaColor    *fill);
void     ra_style_clear_classes    (RaStyle          *style);
/* Appends a pie wedge field (at most RA_STYLE_MAX_PIE_FIELDS); label
 * nullable. */
void     ra_style_add_pie_field    (RaStyle          *style,
                                    const char       *field,
                                    const char       *label,
                                    const RaColor    *fill);
void     ra_style_clear_pie_fields (RaStyle          *style);

/* The class for a feature's field text: a class of style, &style->other or
 * &style->no_data.  (transfer none) */
const RaStyleClass *ra_style_class_for_value  (const RaStyle *style, const char *text);
const RaStyleClass *ra_style_class_for_number (const RaStyle *style, double value);
/* Index of cls in style->classes, -1 for other and -2 for no data. */
int      ra_style_class_index      (const RaStyle *style, const RaStyleClass *cls);
/* Legend text of a class: its label, else its value, else its range
 * ("40 – 50", "< 10", "≥ 50") with decimals suited to all the style's
 * breaks.  (transfer full) */
char    *ra_style_class_dup_label  (const RaStyle *style, const RaStyleClass *cls);
/* Formats a number with the decimals the style's breaks need. (transfer full) */
char    *ra_style_format_number    (const RaStyle *style, double value);

/* Diameter (px) of the proportional symbol for value, given the maximum
 * value (style->size_max_value or the layer's maximum): area is
 * proportional to value, never below size_min_px; 0 for value <= 0 or
 * non-finite (not drawn). */
double   ra_style_symbol_size_px   (const RaStyle *style, double max_value, double value);
/* Width (px) of a line whose width_field holds value, given the maximum
 * value (style->width_max_value or the layer's maximum): proportional,
 * never below width_min_px; 0 for value <= 0 or non-finite (not drawn). */
double   ra_style_line_width_px    (const RaStyle *style, double max_value, double value);

/* Colour ramps: sequential, colour-blind safe and monotonic in lightness, so
 * they print in greyscale.  (transfer none) NULL-terminated names. */
const char * const *ra_color_ramp_list (void);
/* Colour at t (0..1, light to dark) of ramp; FALSE for an unknown name. */
gboolean ra_color_ramp_sample      (const char *ramp, double t, RaColor *color);

/* Compact text form of a style (a key file, UTF-8), to be kept in the
 * project file.  (transfer full) */
char    *ra_style_to_string        (const RaStyle *style);
/* Parses ra_style_to_string's output.  Rejects anything malformed (unknown
 * keys are ignored, bad values are not) with RA_ERROR_INVALID_ARGUMENT.
 * Returns: (transfer full) (nullable): the style, NULL on error */
RaStyle *ra_style_from_string      (const char *text, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaStyle, ra_style_free)

G_END_DECLS
