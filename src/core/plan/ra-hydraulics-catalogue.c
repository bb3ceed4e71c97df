/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pipe catalogue of the hydraulics: standard sizes with their bores by
 * material, Hazen–Williams C and Darcy–Weisbach roughness by material, the
 * DN a flow needs, and the two head-loss formulas (docs/hydraulics.md). */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-hydraulics-private.h"

/* PE100 SDR17 (PN 1.0 MPa), GB/T 13663.2-2018: dn is the outside diameter,
 * the bore dn - 2e with the nominal wall e. */
static const RaPipeSize pe100_sizes[] = {
  { 63, 63 - 2 * 3.8 }, { 75, 75 - 2 * 4.5 }, { 90, 90 - 2 * 5.4 }, { 110, 110 - 2 * 6.6 },
  { 125, 125 - 2 * 7.4 }, { 160, 160 - 2 * 9.5 }, { 200, 200 - 2 * 11.9 },
  { 250, 250 - 2 * 14.8 }, { 315, 315 - 2 * 18.7 }, { 355, 355 - 2 * 21.1 },
  { 400, 400 - 2 * 23.7 }, { 450, 450 - 2 * 26.7 }, { 500, 500 - 2 * 29.7 },
  { 560, 560 - 2 * 33.2 }, { 630, 630 - 2 * 37.4 }, { 710, 710 - 2 * 42.1 },
  { 800, 800 - 2 * 47.4 }, { 900, 900 - 2 * 53.3 }, { 1000, 1000 - 2 * 59.3 },
  { 1200, 1200 - 2 * 70.6 },
};

/* Ductile iron K9, GB/T 13295-2019: outside diameter less twice the K9 wall
 * and twice the cement-mortar lining (3 mm to DN 300, 5 mm to DN 600,
 * 6 mm above). */
#define DI(dn, od, wall, lining) { dn, od - 2 * (wall) - 2 * (lining) }
static const RaPipeSize ductile_iron_sizes[] = {
  DI (100, 118, 6.0, 3), DI (150, 170, 6.0, 3), DI (200, 222, 6.3, 3), DI (250, 274, 6.8, 3),
  DI (300, 326, 7.2, 3), DI (350, 378, 7.7, 5), DI (400, 429, 8.1, 5), DI (450, 480, 8.6, 5),
  DI (500, 532, 9.0, 5), DI (600, 635, 9.9, 5), DI (700, 738, 10.8, 6), DI (800, 842, 11.7, 6),
  DI (900, 945, 12.6, 6), DI (1000, 1048, 13.5, 6), DI (1200, 1255, 15.3, 6),
  DI (1400, 1462, 17.1, 9), DI (1600, 1668, 18.9, 9),
};
#undef DI

/* Welded steel (GB/T 3091, spiral-welded GB/T 9711 from DN 700): outside
 * diameter x wall. */
#define ST(dn, od, wall) { dn, od - 2 * (wall) }
static const RaPipeSize steel_sizes[] = {
  ST (100, 114, 4.0), ST (150, 168, 4.5), ST (200, 219, 6.0), ST (250, 273, 6.0),
  ST (300, 325, 7.0), ST (350, 377, 7.0), ST (400, 426, 8.0), ST (450, 478, 8.0),
  ST (500, 529, 9.0), ST (600, 630, 9.0), ST (700, 720, 10.0), ST (800, 820, 10.0),
  ST (900, 920, 10.0), ST (1000, 1020, 12.0), ST (1200, 1220, 12.0), ST (1400, 1420, 14.0),
  ST (1600, 1620, 16.0), ST (1800, 1820, 18.0), ST (2000, 2020, 18.0),
};
#undef ST

const RaPipeSize *
ra_pipe_catalogue_sizes (RaPipeMaterial material, guint *n_sizes)
{
  g_return_val_if_fail (n_sizes != NULL, NULL);

  switch (material)
    {
    case RA_PIPE_MATERIAL_PE100:
      *n_sizes = G_N_ELEMENTS (pe100_sizes);
      return pe100_sizes;
    case RA_PIPE_MATERIAL_STEEL:
      *n_sizes = G_N_ELEMENTS (steel_sizes);
      return steel_sizes;
    case RA_PIPE_MATERIAL_DUCTILE_IRON:
    case RA_PIPE_N_MATERIALS:
    default:
      *n_sizes = G_N_ELEMENTS (ductile_iron_sizes);
      return ductile_iron_sizes;
    }
}

/* GB 50013-2018 §7.2 (head loss: the Hazen–Williams C table): plastic 140–150, cement-mortar
 * lined metal 120–130, welded steel 120–140 (the lower value for a main
 * that ages). */
double
ra_pipe_material_hw_c (RaPipeMaterial material)
{
  switch (material)
    {
    case RA_PIPE_MATERIAL_PE100: return 140;
    case RA_PIPE_MATERIAL_STEEL: return 120;
    case RA_PIPE_MATERIAL_DUCTILE_IRON:
    default: return 130;
    }
}

/* Equivalent sand roughness (mm) of pipes in service: PE 0.01, lined
 * ductile iron 0.1, steel 0.1 (after some years). */
double
ra_pipe_material_roughness_mm (RaPipeMaterial material)
{
  switch (material)
    {
    case RA_PIPE_MATERIAL_PE100: return 0.01;
    case RA_PIPE_MATERIAL_STEEL: return 0.1;
    case RA_PIPE_MATERIAL_DUCTILE_IRON:
    default: return 0.1;
    }
}

const char *
ra_pipe_material_to_key (RaPipeMaterial material)
{
  switch (material)
    {
    case RA_PIPE_MATERIAL_PE100: return "pe100";
    case RA_PIPE_MATERIAL_STEEL: return "steel";
    case RA_PIPE_MATERIAL_DUCTILE_IRON:
    default: return "ductile_iron";
    }
}

const char *
ra_pipe_material_to_string (RaPipeMaterial material)
{
  switch (material)
    {
    case RA_PIPE_MATERIAL_PE100: return _("PE100");
    case RA_PIPE_MATERIAL_STEEL: return _("steel");
    case RA_PIPE_MATERIAL_DUCTILE_IRON:
    default: return _("ductile iron");
    }
}

RaPipeMaterial
ra_pipe_material_parse (const char *text, RaPipeMaterial fallback)
{
  g_autofree char *lower = NULL;

  if (text == NULL || *text == '\0')
    return fallback;
  lower = g_utf8_strdown (text, -1);
  if (strstr (lower, "pe") != NULL || strstr (lower, "聚乙烯") != NULL)
    return RA_PIPE_MATERIAL_PE100;
  if (strstr (lower, "ductile") != NULL || strstr (lower, "球墨") != NULL
      || strstr (lower, "铸铁") != NULL || g_str_equal (lower, "di")
      || g_str_has_prefix (lower, "di ") || strstr (lower, "iron") != NULL)
    return RA_PIPE_MATERIAL_DUCTILE_IRON;
  if (strstr (lower, "steel") != NULL || strstr (lower, "钢") != NULL)
    return RA_PIPE_MATERIAL_STEEL;
  return fallback;
}

double
ra_hydraulics_wan_m3_a_to_lps (double volume_wan_m3_a)
{
  return volume_wan_m3_a * 1e4 / (365.0 * 86400.0) * 1000.0;
}

static double
velocity_m_s (double flow_lps, double inner_mm)
{
  double r = inner_mm / 2000.0;

  return flow_lps / 1000.0 / (G_PI * r * r);
}

const RaPipeSize *
ra_pipe_catalogue_choose (RaPipeMaterial material, double flow_lps, double velocity_max_m_s)
{
  guint n;
  const RaPipeSize *sizes = ra_pipe_catalogue_sizes (material, &n);

  for (guint i = 0; i < n; i++)
    if (velocity_m_s (flow_lps, sizes[i].inner_mm) <= velocity_max_m_s)
      return &sizes[i];
  return NULL;
}

/* EPANET 2.2 (hydcoeffs.c) in US units: h[ft] = 4.727 L[ft] C^-1.852
 * d[ft]^-4.871 q[cfs]^1.852, with 1 ft = 0.3048 m and 28.317 L/s per cfs
 * (its LPS conversion).  The same constant keeps our heads and EPANET's
 * within millimetres over a long main. */
double
ra_headloss_hazen_williams (double flow_lps, double inner_mm, double length_m, double c)
{
  const double ft = 0.3048;
  double q = fabs (flow_lps) / 28.317, d = inner_mm / 1000.0 / ft, l = length_m / ft;

  if (q == 0 || d <= 0 || c <= 0)
    return 0;
  return 4.727 * l * pow (c, -1.852) * pow (d, -4.871) * pow (q, 1.852) * ft;
}

/* Kinematic viscosity of water: EPANET's default, 1.1E-5 ft2/s
 * (1.022E-6 m2/s, water at about 18 °C), so the two share it. */
#define NU_M2_S (1.1e-5 * 0.3048 * 0.3048)
/* EPANET's g (32.2 ft/s2) in m/s2. */
#define G_M_S2 (32.2 * 0.3048)

static double
colebrook_white (double re, double rel_roughness)
{
  /* Swamee–Jain as the start, then fixed-point iterations of
   * 1/sqrt(f) = -2 log10 (e/3.7d + 2.51/(Re sqrt(f))) */
  double x = -2.0 * log10 (rel_roughness / 3.7 + 5.74 / pow (re, 0.9));

  for (int i = 0; i < 50; i++)
    {
      double nx = -2.0 * log10 (rel_roughness / 3.7 + 2.51 * x / re);

      if (fabs (nx - x) < 1e-12)
        {
          x = nx;
          break;
        }
      x = nx;
    }
  return 1.0 / (x * x);
}

double
ra_headloss_darcy_weisbach (double flow_lps, double inner_mm, double length_m,
                            double roughness_mm)
{
  double d = inner_mm / 1000.0, v, re, f;

  if (flow_lps == 0 || d <= 0)
    return 0;
  v = velocity_m_s (fabs (flow_lps), inner_mm);
  re = v * d / NU_M2_S;
  f = re < 2000 ? 64.0 / re : colebrook_white (re, roughness_mm / 1000.0 / d);
  return f * length_m / d * v * v / (2 * G_M_S2);
}

/* v^2/2g, for the minor losses. */
double
_ra_hydraulics_velocity_head (double flow_lps, double inner_mm)
{
  double v = velocity_m_s (flow_lps, inner_mm);

  return v * v / (2 * G_M_S2);
}

double
_ra_hydraulics_velocity (double flow_lps, double inner_mm)
{
  return velocity_m_s (flow_lps, inner_mm);
}
