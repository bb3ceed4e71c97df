/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include <proj.h>
#include <geodesic.h>

#include "ra-crs.h"
#include "ra-crs-private.h"
#include "ra-error.h"

#ifdef RA_PROJ_DLOPEN
/* The render program of the command line (src/cli/meson.build) loads
 * PROJ only when it needs it: PROJ and what it links (curl, GnuTLS,
 * Kerberos, LDAP, libtiff, libstdc++: 33 of the program's 70 libraries)
 * cost a one-shot render 15-20 ms of CPU to load, and a render whose data
 * is in the map's CRS (a known EPSG code, ra_crs_known) needs none of it.
 * Each PROJ function is called through a pointer found by dlsym in the
 * library whose soname the build links (RA_PROJ_SONAME, meson.build). */
#include <dlfcn.h>

#define RA_PROJ_FUNCTIONS(F) \
  F (proj_as_wkt) F (proj_clone) F (proj_context_create) F (proj_context_destroy) \
  F (proj_context_errno) F (proj_context_errno_string) F (proj_context_set_enable_network) \
  F (proj_create) F (proj_create_crs_to_crs_from_pj) F (proj_crs_get_coordinate_system) \
  F (proj_cs_get_axis_info) F (proj_destroy) F (proj_ellipsoid_get_parameters) \
  F (proj_errno_reset) F (proj_get_ellipsoid) F (proj_get_id_auth_name) F (proj_get_id_code) \
  F (proj_get_name) F (proj_get_source_crs) F (proj_get_type) F (proj_identify) \
  F (proj_int_list_destroy) F (proj_is_crs) F (proj_list_destroy) F (proj_list_get) \
  F (proj_list_get_count) F (proj_log_level) F (proj_normalize_for_visualization) \
  F (proj_trans_generic) \
  F (geod_init) F (geod_inverse) F (geod_polygon_init) F (geod_polygon_addpoint) \
  F (geod_polygon_compute)

static struct {
#define F(name) __typeof__ (name) *name;
  RA_PROJ_FUNCTIONS (F)
#undef F
} proj_api;

/* TRUE once PROJ is loaded; FALSE with RA_ERROR_CRS if it cannot be. */
static gboolean
proj_load (GError **error)
{
  static char *failure;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      void *lib = dlopen (RA_PROJ_SONAME, RTLD_NOW | RTLD_LOCAL);
      const char *missing = NULL;

      if (lib != NULL)
        {
#define F(name) \
          if ((*(void **) &proj_api.name = dlsym (lib, #name)) == NULL && missing == NULL) \
            missing = #name;
          RA_PROJ_FUNCTIONS (F)
#undef F
        }
      if (lib == NULL || missing != NULL)
        failure = g_strdup_printf (_("PROJ (%s) could not be loaded: %s"), RA_PROJ_SONAME,
                                   lib == NULL ? dlerror () : missing);
      g_once_init_leave (&once, 1);
    }
  if (failure != NULL)
    {
      g_set_error_literal (error, RA_ERROR, RA_ERROR_CRS, failure);
      return FALSE;
    }
  return TRUE;
}

/* From here on each proj_* name is its pointer. */
#define proj_as_wkt (proj_api.proj_as_wkt)
#define proj_clone (proj_api.proj_clone)
#define proj_context_create (proj_api.proj_context_create)
#define proj_context_destroy (proj_api.proj_context_destroy)
#define proj_context_errno (proj_api.proj_context_errno)
#define proj_context_errno_string (proj_api.proj_context_errno_string)
#define proj_context_set_enable_network (proj_api.proj_context_set_enable_network)
#define proj_create (proj_api.proj_create)
#define proj_create_crs_to_crs_from_pj (proj_api.proj_create_crs_to_crs_from_pj)
#define proj_crs_get_coordinate_system (proj_api.proj_crs_get_coordinate_system)
#define proj_cs_get_axis_info (proj_api.proj_cs_get_axis_info)
#define proj_destroy (proj_api.proj_destroy)
#define proj_ellipsoid_get_parameters (proj_api.proj_ellipsoid_get_parameters)
#define proj_errno_reset (proj_api.proj_errno_reset)
#define proj_get_ellipsoid (proj_api.proj_get_ellipsoid)
#define proj_get_id_auth_name (proj_api.proj_get_id_auth_name)
#define proj_get_id_code (proj_api.proj_get_id_code)
#define proj_get_name (proj_api.proj_get_name)
#define proj_get_source_crs (proj_api.proj_get_source_crs)
#define proj_get_type (proj_api.proj_get_type)
#define proj_identify (proj_api.proj_identify)
#define proj_int_list_destroy (proj_api.proj_int_list_destroy)
#define proj_is_crs (proj_api.proj_is_crs)
#define proj_list_destroy (proj_api.proj_list_destroy)
#define proj_list_get (proj_api.proj_list_get)
#define proj_list_get_count (proj_api.proj_list_get_count)
#define proj_log_level (proj_api.proj_log_level)
#define proj_normalize_for_visualization (proj_api.proj_normalize_for_visualization)
#define proj_trans_generic (proj_api.proj_trans_generic)
#define geod_init (proj_api.geod_init)
#define geod_inverse (proj_api.geod_inverse)
#define geod_polygon_init (proj_api.geod_polygon_init)
#define geod_polygon_addpoint (proj_api.geod_polygon_addpoint)
#define geod_polygon_compute (proj_api.geod_polygon_compute)

typedef PJ RaPJ;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaPJ, proj_destroy)
#else
#include "ra-autocleanups.h"

static gboolean
proj_load (GError **error)
{
  return TRUE;
}
#endif

/* CRSs known without asking PROJ (ra-crs-table.h, written at build time
 * by ra-crs-gen from PROJ's own answers; tests/core/test-crs.c checks them
 * against PROJ's at run time), up to an entry of EPSG code 0. */
#ifdef RA_CRS_NO_TABLE
static const RaCrsKnown ra_crs_known[] = { { 0, NULL, FALSE, 0.0, NULL } };
#else
#include "ra-crs-table.h"
#endif

struct _RaCrs {
  gatomicrefcount ref_count;
  char     *definition;   /* "EPSG:n" or WKT2 */
  char     *name;
  char     *auth_id;      /* nullable */
  int       epsg;
  gboolean  geographic;
  double    meters_per_unit;
};

G_DEFINE_BOXED_TYPE (RaCrs, ra_crs, ra_crs_ref, ra_crs_unref)

/* RaCrs objects are created on any thread; PROJ contexts must not be shared,
 * so each thread gets its own for parsing (destroyed with the thread). */
static void
context_free (gpointer ctx)
{
  proj_context_destroy (ctx);
}

static GPrivate parse_context_key = G_PRIVATE_INIT (context_free);

static PJ_CONTEXT *
get_parse_context (void)
{
  PJ_CONTEXT *ctx = g_private_get (&parse_context_key);

  if (ctx == NULL)
    {
      ctx = proj_context_create ();
      proj_log_level (ctx, PJ_LOG_NONE);
      proj_context_set_enable_network (ctx, FALSE);
      g_private_set (&parse_context_key, ctx);
    }
  return ctx;
}

RaCrs *
ra_crs_ref (RaCrs *crs)
{
  g_return_val_if_fail (crs != NULL, NULL);
  g_atomic_ref_count_inc (&crs->ref_count);
  return crs;
}

void
ra_crs_unref (RaCrs *crs)
{
  g_return_if_fail (crs != NULL);
  if (g_atomic_ref_count_dec (&crs->ref_count))
    {
      g_free (crs->definition);
      g_free (crs->name);
      g_free (crs->auth_id);
      g_free (crs);
    }
}

static gboolean
is_all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Metres per unit of the first axis; for angular units the metres per
 * unit along a meridian on the CRS's ellipsoid (approximately). */
static double
meters_per_unit (PJ_CONTEXT *ctx, PJ *crs, gboolean geographic)
{
  g_autoptr(RaPJ) cs = proj_crs_get_coordinate_system (ctx, crs);
  double conv = 1.0;

  if (cs == NULL ||
      !proj_cs_get_axis_info (ctx, cs, 0, NULL, NULL, NULL, &conv, NULL, NULL, NULL))
    conv = 1.0;
  if (geographic)
    {
      g_autoptr(RaPJ) ellps = proj_get_ellipsoid (ctx, crs);
      double a = 6378137.0, b = 6356752.314;

      if (ellps != NULL)
        proj_ellipsoid_get_parameters (ctx, ellps, &a, &b, NULL, NULL);
      /* Mean meridian radius of curvature is close to (a + b) / 2. */
      return conv * (a + b) / 2;
    }
  return conv;
}

static RaCrs *
crs_new_from_pj (PJ_CONTEXT *ctx, PJ *pj, const char *input)
{
  RaCrs *crs;
  g_autoptr(RaPJ) base = NULL;
  const char *auth, *code;
  PJ_TYPE type;

  crs = g_new0 (RaCrs, 1);
  g_atomic_ref_count_init (&crs->ref_count);
  crs->name = g_strdup (proj_get_name (pj));

  auth = proj_get_id_auth_name (pj, 0);
  code = proj_get_id_code (pj, 0);
  if (auth == NULL || code == NULL)
    {
      /* WKT or PROJ strings without an ID: ask the database for a close
       * match (identify's 70% means "equivalent, name differs"). */
      int *confidence = NULL;
      PJ_OBJ_LIST *matches = proj_identify (ctx, pj, "EPSG", NULL, &confidence);

      if (matches != NULL && proj_list_get_count (matches) > 0 && confidence[0] >= 70)
        {
          g_autoptr(RaPJ) m = proj_list_get (ctx, matches, 0);
          if (m != NULL && proj_get_id_code (m, 0) != NULL)
            {
              crs->auth_id = g_strdup_printf ("EPSG:%s", proj_get_id_code (m, 0));
              g_free (crs->name);
              crs->name = g_strdup (proj_get_name (m));
            }
        }
      g_clear_pointer (&matches, proj_list_destroy);
      g_clear_pointer (&confidence, proj_int_list_destroy);
    }
  else
    crs->auth_id = g_strdup_printf ("%s:%s", auth, code);

  if (crs->auth_id != NULL && g_str_has_prefix (crs->auth_id, "EPSG:"))
    crs->epsg = atoi (crs->auth_id + 5);

  if (crs->auth_id != NULL)
    crs->definition = g_strdup (crs->auth_id);
  else
    {
      const char *wkt = proj_as_wkt (ctx, pj, PJ_WKT2_2019, NULL);
      crs->definition = g_strdup (wkt != NULL ? wkt : input);
    }

  type = proj_get_type (pj);
  if (type == PJ_TYPE_BOUND_CRS)
    {
      base = proj_get_source_crs (ctx, pj);
      if (base != NULL)
        type = proj_get_type (base);
    }
  crs->geographic = (type == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
                     type == PJ_TYPE_GEOGRAPHIC_3D_CRS);
  crs->meters_per_unit = meters_per_unit (ctx, base != NULL ? base : pj, crs->geographic);
  return crs;
}

/* The entry of ra_crs_known for EPSG:code, or NULL. */
static const RaCrsKnown *
known_find (int code)
{
  for (const RaCrsKnown *k = ra_crs_known; k->epsg != 0; k++)
    if (k->epsg == code)
      return k;
  return NULL;
}

const RaCrsKnown *
ra_crs_known_table (gsize *n_known)
{
  for (*n_known = 0; ra_crs_known[*n_known].epsg != 0; (*n_known)++)
    ;
  return ra_crs_known;
}

static RaCrs *
crs_new_known (const RaCrsKnown *k)
{
  RaCrs *crs = g_new0 (RaCrs, 1);

  g_atomic_ref_count_init (&crs->ref_count);
  crs->definition = g_strdup_printf ("EPSG:%d", k->epsg);
  crs->auth_id = g_strdup (crs->definition);
  crs->name = g_strdup (k->name);
  crs->epsg = k->epsg;
  crs->geographic = k->geographic;
  crs->meters_per_unit = k->meters_per_unit;
  return crs;
}

/* text stripped, a bare number as "EPSG:n". */
static char *
normalize_input (const char *text)
{
  char *input = g_strstrip (g_strdup (text));

  if (is_all_digits (input))
    {
      char *tmp = g_strconcat ("EPSG:", input, NULL);
      g_free (input);
      input = tmp;
    }
  return input;
}

/* n of "EPSG:n" (any case, n without leading zeros), else 0. */
static int
epsg_of_input (const char *input)
{
  const char *digits = input + 5;

  if (g_ascii_strncasecmp (input, "EPSG:", 5) != 0 || !is_all_digits (digits) ||
      digits[0] == '0' || strlen (digits) > 6)
    return 0;
  return atoi (digits);
}

/* What PROJ makes of text (normalised input; the message names text). */
static RaCrs *
crs_from_proj (const char *input, const char *text, GError **error)
{
  PJ_CONTEXT *ctx;
  g_autoptr(RaPJ) pj = NULL;

  if (!proj_load (error))
    return NULL;
  ctx = get_parse_context ();
  if (*input != '\0')
    pj = proj_create (ctx, input);
  if (pj == NULL || !proj_is_crs (pj))
    {
      g_set_error (error, RA_ERROR, RA_ERROR_CRS,
                   _("“%s” is not a coordinate reference system PROJ knows"),
                   text);
      return NULL;
    }
  return crs_new_from_pj (ctx, pj, input);
}

/**
 * ra_crs_new_from_user_input:
 * Returns: (transfer full) (nullable) the CRS, or NULL with RA_ERROR_CRS.
 */
RaCrs *
ra_crs_new_from_user_input (const char *text, GError **error)
{
  g_autofree char *input = NULL;
  const RaCrsKnown *k;
  int code;

  g_return_val_if_fail (text != NULL, NULL);

  input = normalize_input (text);
  if ((code = epsg_of_input (input)) != 0 && (k = known_find (code)) != NULL)
    return crs_new_known (k);
  return crs_from_proj (input, text, error);
}

RaCrs *
ra_crs_new_from_proj (const char *text, GError **error)
{
  g_autofree char *input = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  input = normalize_input (text);
  return crs_from_proj (input, text, error);
}

char *
ra_crs_proj_esri_wkt (const RaCrs *crs)
{
  const char *opts[] = { "MULTILINE=NO", NULL };
  g_autoptr(RaPJ) pj = NULL;
  const char *wkt;

  g_return_val_if_fail (crs != NULL, NULL);

  if (!proj_load (NULL))
    return NULL;
  pj = proj_create (get_parse_context (), crs->definition);
  wkt = pj != NULL ? proj_as_wkt (get_parse_context (), pj, PJ_WKT1_ESRI, opts) : NULL;
  return g_strdup (wkt);
}

gboolean
ra_crs_is_esri_wkt (const RaCrs *crs, const char *text)
{
  const RaCrsKnown *k = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *wkt = NULL;

  g_return_val_if_fail (crs != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (crs->epsg != 0 && (k = known_find (crs->epsg)) != NULL)
    return k->esri_wkt != NULL && strcmp (k->esri_wkt, trimmed) == 0;
  wkt = ra_crs_proj_esri_wkt (crs);
  return wkt != NULL && strcmp (wkt, trimmed) == 0;
}

/** ra_crs_new_from_epsg: Returns: (transfer full) (nullable) */
RaCrs *
ra_crs_new_from_epsg (int code, GError **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "EPSG:%d", code);
  return ra_crs_new_from_user_input (buf, error);
}

const char *
ra_crs_get_definition (const RaCrs *crs)
{
  g_return_val_if_fail (crs != NULL, NULL);
  return crs->definition;
}

const char *
ra_crs_get_name (const RaCrs *crs)
{
  g_return_val_if_fail (crs != NULL, NULL);
  return crs->name;
}

const char *
ra_crs_get_auth_id (const RaCrs *crs)
{
  g_return_val_if_fail (crs != NULL, NULL);
  return crs->auth_id;
}

int
ra_crs_get_epsg (const RaCrs *crs)
{
  g_return_val_if_fail (crs != NULL, 0);
  return crs->epsg;
}

gboolean
ra_crs_is_geographic (const RaCrs *crs)
{
  g_return_val_if_fail (crs != NULL, FALSE);
  return crs->geographic;
}

double
ra_crs_get_meters_per_unit (const RaCrs *crs)
{
  g_return_val_if_fail (crs != NULL, 1.0);
  return crs->meters_per_unit;
}

gboolean
ra_crs_equal (const RaCrs *a, const RaCrs *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  if (a->epsg != 0 || b->epsg != 0)
    return a->epsg == b->epsg;
  return g_strcmp0 (a->definition, b->definition) == 0;
}

int
ra_crs_gk_zone_epsg_for_lon (double lon)
{
  int k;

  if (!(lon >= 73.5 && lon <= 136.5))
    return 0;
  /* EPSG:4534 is CM 75E, then one code per 3 degrees up to 4554 (CM 135E). */
  k = (int) floor ((lon - 75.0) / 3.0 + 0.5);
  k = CLAMP (k, 0, 20);
  return 4534 + k;
}

struct _RaTransform {
  PJ_CONTEXT *ctx;
  PJ         *pj;        /* NULL when identity */
  gboolean    identity;
};

/* Operations looked up lately, kept as templates to clone: finding one
 * in PROJ's database costs 30-100 ms (all China's counties to GK: as long
 * as reading them), a clone 0.1 ms.  A template is only ever used to be
 * cloned, under the lock. */
#define TRANSFORM_CACHE_SIZE 8

typedef struct {
  char        *src_def, *dst_def;
  RaTransform *tmpl;
  guint64      used;
} TransformCacheEntry;

static GMutex transform_cache_lock;
static TransformCacheEntry transform_cache[TRANSFORM_CACHE_SIZE];
static guint64 transform_cache_tick;

static RaTransform *
transform_cache_lookup (const RaCrs *src, const RaCrs *dst)
{
  RaTransform *copy = NULL;

  g_mutex_lock (&transform_cache_lock);
  for (guint i = 0; i < TRANSFORM_CACHE_SIZE; i++)
    {
      TransformCacheEntry *e = &transform_cache[i];

      if (e->tmpl != NULL && g_strcmp0 (e->src_def, src->definition) == 0 &&
          g_strcmp0 (e->dst_def, dst->definition) == 0)
        {
          copy = ra_transform_copy (e->tmpl);
          e->used = ++transform_cache_tick;
          break;
        }
    }
  g_mutex_unlock (&transform_cache_lock);
  return copy;
}

/* Keeps a clone of t (just made by this thread) as the template of src to
 * dst, in place of the least recently used one. */
static void
transform_cache_store (const RaCrs *src, const RaCrs *dst, const RaTransform *t)
{
  RaTransform *tmpl = ra_transform_copy (t);
  TransformCacheEntry *victim = &transform_cache[0];

  if (tmpl == NULL)
    return;
  g_mutex_lock (&transform_cache_lock);
  for (guint i = 0; i < TRANSFORM_CACHE_SIZE; i++)
    {
      TransformCacheEntry *e = &transform_cache[i];

      if (e->tmpl != NULL && g_strcmp0 (e->src_def, src->definition) == 0 &&
          g_strcmp0 (e->dst_def, dst->definition) == 0)
        {
          victim = NULL;   /* another thread stored it meanwhile */
          break;
        }
      if (e->used < victim->used)
        victim = e;
    }
  if (victim != NULL)
    {
      g_free (victim->src_def);
      g_free (victim->dst_def);
      ra_transform_free (victim->tmpl);
      victim->src_def = g_strdup (src->definition);
      victim->dst_def = g_strdup (dst->definition);
      victim->tmpl = g_steal_pointer (&tmpl);
      victim->used = ++transform_cache_tick;
    }
  g_mutex_unlock (&transform_cache_lock);
  g_clear_pointer (&tmpl, ra_transform_free);
}

/**
 * ra_transform_new:
 * Returns: (transfer full) (nullable) a transform, NULL with RA_ERROR_CRS.
 */
RaTransform *
ra_transform_new (const RaCrs *src, const RaCrs *dst, GError **error)
{
  g_autoptr(RaTransform) t = NULL;
  g_autoptr(RaPJ) s = NULL, d = NULL, op = NULL;

  g_return_val_if_fail (src != NULL && dst != NULL, NULL);

  if (!ra_crs_equal (src, dst) && (t = transform_cache_lookup (src, dst)) != NULL)
    return g_steal_pointer (&t);
  t = g_new0 (RaTransform, 1);
  if (ra_crs_equal (src, dst))
    {
      t->identity = TRUE;
      return g_steal_pointer (&t);
    }
  if (!proj_load (error))
    return NULL;
  t->ctx = proj_context_create ();
  proj_log_level (t->ctx, PJ_LOG_NONE);
  proj_context_set_enable_network (t->ctx, FALSE);
  s = proj_create (t->ctx, src->definition);
  d = proj_create (t->ctx, dst->definition);
  if (s != NULL && d != NULL)
    op = proj_create_crs_to_crs_from_pj (t->ctx, s, d, NULL, NULL);
  if (op != NULL)
    t->pj = proj_normalize_for_visualization (t->ctx, op);
  if (t->pj == NULL)
    {
      int err = proj_context_errno (t->ctx);
      g_set_error (error, RA_ERROR, RA_ERROR_CRS,
                   _("Cannot transform from %s to %s: %s"),
                   src->name, dst->name,
                   err ? proj_context_errno_string (t->ctx, err) : _("no coordinate operation"));
      return NULL;
    }
  transform_cache_store (src, dst, t);
  return g_steal_pointer (&t);
}

/**
 * ra_transform_copy:
 * Returns: (transfer full) (nullable) the same transform for another
 * thread (PROJ objects are used by one thread at a time): a clone in a
 * context of its own, without looking the operation up again; NULL if
 * PROJ cannot clone it.
 */
RaTransform *
ra_transform_copy (const RaTransform *t)
{
  g_autoptr(RaTransform) copy = NULL;

  g_return_val_if_fail (t != NULL, NULL);

  copy = g_new0 (RaTransform, 1);
  copy->identity = t->identity;
  if (t->identity)
    return g_steal_pointer (&copy);
  copy->ctx = proj_context_create ();
  proj_log_level (copy->ctx, PJ_LOG_NONE);
  proj_context_set_enable_network (copy->ctx, FALSE);
  copy->pj = proj_clone (copy->ctx, t->pj);
  if (copy->pj == NULL)
    return NULL;
  return g_steal_pointer (&copy);
}

void
ra_transform_free (RaTransform *t)
{
  if (t == NULL)
    return;
  g_clear_pointer (&t->pj, proj_destroy);
  g_clear_pointer (&t->ctx, proj_context_destroy);
  g_free (t);
}

gboolean
ra_transform_is_identity (const RaTransform *t)
{
  g_return_val_if_fail (t != NULL, TRUE);
  return t->identity;
}

guint
ra_transform_points (RaTransform *t, double *xy, guint n_points)
{
  guint failed = 0;

  g_return_val_if_fail (t != NULL, n_points);

  if (n_points == 0)
    return 0;
  if (t->identity)
    {
      for (guint i = 0; i < n_points; i++)
        if (!isfinite (xy[2 * i]) || !isfinite (xy[2 * i + 1]))
          failed++;
      return failed;
    }
  proj_errno_reset (t->pj);
  proj_trans_generic (t->pj, PJ_FWD,
                      xy, 2 * sizeof (double), n_points,
                      xy + 1, 2 * sizeof (double), n_points,
                      NULL, 0, 0, NULL, 0, 0);
  for (guint i = 0; i < n_points; i++)
    {
      if (!isfinite (xy[2 * i]) || !isfinite (xy[2 * i + 1]) ||
          xy[2 * i] == HUGE_VAL || xy[2 * i + 1] == HUGE_VAL)
        {
          xy[2 * i] = xy[2 * i + 1] = HUGE_VAL;
          failed++;
        }
    }
  proj_errno_reset (t->pj);
  return failed;
}

gboolean
ra_transform_point (RaTransform *t, double *x, double *y)
{
  double xy[2] = { *x, *y };

  if (ra_transform_points (t, xy, 1) != 0)
    return FALSE;
  *x = xy[0];
  *y = xy[1];
  return TRUE;
}

gboolean
ra_transform_bbox (RaTransform *t, const RaBBox *in, RaBBox *out)
{
  enum { N = 21 };
  double xy[2 * 4 * N];
  RaBBox b = RA_BBOX_EMPTY;
  guint k = 0;

  g_return_val_if_fail (t != NULL && in != NULL && out != NULL, FALSE);

  if (ra_bbox_is_empty (in))
    {
      *out = RA_BBOX_EMPTY;
      return FALSE;
    }
  for (guint i = 0; i < N; i++)
    {
      double fx = in->x0 + (in->x1 - in->x0) * i / (N - 1);
      double fy = in->y0 + (in->y1 - in->y0) * i / (N - 1);

      xy[k++] = fx; xy[k++] = in->y0;
      xy[k++] = fx; xy[k++] = in->y1;
      xy[k++] = in->x0; xy[k++] = fy;
      xy[k++] = in->x1; xy[k++] = fy;
    }
  ra_transform_points (t, xy, 4 * N);
  for (guint i = 0; i < 4 * N; i++)
    if (xy[2 * i] != HUGE_VAL && xy[2 * i + 1] != HUGE_VAL)
      ra_bbox_add_point (&b, xy[2 * i], xy[2 * i + 1]);
  *out = b;
  return !ra_bbox_is_empty (&b);
}

/* Geodesics on the GRS 80 ellipsoid (CGCS2000's; WGS 84's differs by
 * 0.1 mm in the semi-minor axis), by PROJ's geod_* functions: here with
 * the rest of what this file asks PROJ (ra-geometry.h declares them);
 * NAN where PROJ cannot be loaded (RA_PROJ_DLOPEN). */
#define RA_GRS80_A 6378137.0
#define RA_GRS80_F (1.0 / 298.257222101)

static const struct geod_geodesic *
grs80 (void)
{
  static struct geod_geodesic g;
  static gsize done = 0;

  if (!proj_load (NULL))
    return NULL;
  if (g_once_init_enter (&done))
    {
      geod_init (&g, RA_GRS80_A, RA_GRS80_F);
      g_once_init_leave (&done, 1);
    }
  return &g;
}

double
ra_geodesic_length_m (const double *lonlat, guint n_points)
{
  const struct geod_geodesic *g = grs80 ();
  double total = 0;

  g_return_val_if_fail (lonlat != NULL || n_points == 0, 0);

  if (g == NULL)
    return NAN;
  for (guint i = 1; i < n_points; i++)
    {
      double s12 = 0;

      geod_inverse (g, lonlat[2 * i - 1], lonlat[2 * i - 2],
                    lonlat[2 * i + 1], lonlat[2 * i], &s12, NULL, NULL);
      total += s12;
    }
  return total;
}

double
ra_geodesic_area_m2 (const double *lonlat, guint n_points)
{
  const struct geod_geodesic *g = grs80 ();
  struct geod_polygon poly;
  double area = 0, perimeter = 0;

  g_return_val_if_fail (lonlat != NULL || n_points == 0, 0);

  if (n_points < 3)
    return 0;
  if (g == NULL)
    return NAN;
  geod_polygon_init (&poly, 0);
  for (guint i = 0; i < n_points; i++)
    geod_polygon_addpoint (g, &poly, lonlat[2 * i + 1], lonlat[2 * i]);
  geod_polygon_compute (g, &poly, 0, 1, &area, &perimeter);
  return fabs (area);
}
