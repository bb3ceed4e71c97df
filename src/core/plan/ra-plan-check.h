/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "ra-plan.h"

G_BEGIN_DECLS

/* Plan consistency checks: the figures of a plan that disagree with each
 * other, with the numbers involved and where each comes from.  Findings
 * are not errors: a plan with findings checks fine. */

typedef enum {
  RA_PLAN_SEVERITY_INFO,
  RA_PLAN_SEVERITY_WARNING,
  RA_PLAN_SEVERITY_ERROR,
} RaPlanSeverity;

/* One number of a finding: what it is (translated), its value and where
 * it comes from ("indicators [appendix table 1]: 620700 2023 actual",
 * "projects: P05", "computed", "plan text ..."). */
typedef struct {
  char   *label;
  double  value;
  char   *source;
} RaPlanNumber;

#define RA_TYPE_PLAN_FINDING (ra_plan_finding_get_type ())
G_DECLARE_FINAL_TYPE (RaPlanFinding, ra_plan_finding, RA, PLAN_FINDING, GObject)

/* Properties (read-only, for list bindings): "severity" (int), "code",
 * "message", "adcode", "year" (int), "sources" (the numbers' sources joined
 * by "; "). */
RaPlanSeverity      ra_plan_finding_get_severity (RaPlanFinding *self);
/* Stable, untranslated id of the check, e.g. "rate-sources",
 * "target-vs-projects", "appendix2-subtotal", "project-no-geometry",
 * "city-row-vs-counties", "geometry-unreadable".  (transfer none) */
const char         *ra_plan_finding_get_code     (RaPlanFinding *self);
/* Translated one-line message.  (transfer none) */
const char         *ra_plan_finding_get_message  (RaPlanFinding *self);
/* (transfer none) (nullable) the area concerned. */
const char         *ra_plan_finding_get_adcode   (RaPlanFinding *self);
/* 0 when not about one year. */
int                 ra_plan_finding_get_year     (RaPlanFinding *self);
/* (transfer none) the numbers involved, n (out) of them. */
const RaPlanNumber *ra_plan_finding_get_numbers  (RaPlanFinding *self, guint *n);
/* Value of the first number whose source contains source_part (or any
 * number when NULL); NAN if none.  For tests and scripts. */
double              ra_plan_finding_find_value   (RaPlanFinding *self, const char *source_part);

/* A finding made by another checker (the water balance): message is
 * taken over.  Returns: (transfer full) */
RaPlanFinding      *ra_plan_finding_new          (RaPlanSeverity severity, const char *code,
                                                  const char *adcode, int year, char *message);
/* Appends a number (label and source copied; source nullable). */
void                ra_plan_finding_add_number   (RaPlanFinding *self, const char *label,
                                                  double value, const char *source);

/* Translated name of a severity ("info", "warning", "error"). */
const char         *ra_plan_severity_to_string   (RaPlanSeverity severity);
/* Untranslated key: "info", "warning", "error". */
const char         *ra_plan_severity_to_key      (RaPlanSeverity severity);

/* Runs every check on plan.  store (nullable) adds the checks that need
 * the project file itself: every geometry that cannot be read, one finding
 * ("geometry-unreadable", error) per row naming its table and id (this
 * scans the geometry tables).
 * Returns: (transfer full) a GListModel of RaPlanFinding, most severe
 * first, then in the order of the checks. */
GListModel *ra_plan_check_run (RaPlan *plan, RaStore *store);

/* The findings as JSON: {"findings": [{"severity", "code", "message",
 * "adcode", "year", "numbers": [{"label", "value", "source"}]}], "counts":
 * {"info", "warning", "error"}} with strings escaped.  (transfer full) */
char       *ra_plan_check_to_json (GListModel *findings, const char *project_path);

G_END_DECLS
