/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the attribute text of a layer is decoded: a .cpg or DBF language
 * driver id is honoured (GDAL recodes); a shapefile without either, or a
 * CSV, is read raw and its encoding detected (uchardet, ra-encoding.h);
 * an encoding chosen by the user overrides both.  Shared by the layer
 * reader and the store's import. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-autocleanups.h"
#include "ra-encoding.h"
#include "ra-gdal-error.h"
#include "ra-source-private.h"

char *
ra_source_decode_text (const char *charset, const char *s, guint *converted, guint *failed)
{
  char *out;

  if (g_utf8_validate (s, -1, NULL))
    return g_strdup (s);
  out = g_convert (s, -1, "UTF-8", charset != NULL ? charset : "GB18030", NULL, NULL, NULL);
  if (out != NULL)
    {
      if (converted != NULL)
        (*converted)++;
      return out;
    }
  if (failed != NULL)
    (*failed)++;
  return g_utf8_make_valid (s, -1);
}

/* Feeds every text field's values (and the field names) of layer to g;
 * geometry and other fields are not parsed. */
static void
guess_layer_encoding (OGRLayerH layer, RaEncodingGuesser *g)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int n_fields = OGR_FD_GetFieldCount (defn);
  g_autofree const char **ignored = g_new0 (const char *, n_fields + 3);
  g_autofree int *text_fields = g_new0 (int, MAX (n_fields, 1));
  int n_ignored = 0, n_text = 0;
  RaGdalCapture cap;

  for (int i = 0; i < n_fields; i++)
    {
      OGRFieldDefnH fd = OGR_FD_GetFieldDefn (defn, i);

      ra_encoding_guesser_add (g, OGR_Fld_GetNameRef (fd));
      if (OGR_Fld_GetType (fd) == OFTString)
        text_fields[n_text++] = i;
      else
        ignored[n_ignored++] = OGR_Fld_GetNameRef (fd);
    }
  if (n_text == 0)
    return;
  ignored[n_ignored++] = "OGR_GEOMETRY";
  ignored[n_ignored++] = "OGR_STYLE";
  /* Damage is reported by the real read; here it only ends the look. */
  ra_gdal_capture_begin (&cap, RA_GDAL_CAPTURE_FAILURES);
  OGR_L_SetIgnoredFields (layer, ignored);
  OGR_L_ResetReading (layer);
  while (!ra_encoding_guesser_is_full (g))
    {
      g_auto(OGRFeatureH) f = OGR_L_GetNextFeature (layer);

      if (f == NULL)
        break;
      for (int k = 0; k < n_text; k++)
        if (OGR_F_IsFieldSetAndNotNull (f, text_fields[k]))
          ra_encoding_guesser_add (g, OGR_F_GetFieldAsString (f, text_fields[k]));
    }
  OGR_L_SetIgnoredFields (layer, NULL);
  OGR_L_ResetReading (layer);
  ra_gdal_capture_end (&cap);
}

void
ra_source_text_clear (RaSourceText *text)
{
  g_clear_pointer (&text->raw_ds, GDALClose);
  g_clear_pointer (&text->charset, g_free);
  g_clear_pointer (&text->label, g_free);
  g_clear_pointer (&text->warning, g_free);
  text->layer = NULL;
}

void
ra_source_text_setup (GDALDatasetH   ds,
                      OGRLayerH      layer,
                      const char    *path,
                      const char    *encoding,
                      RaSourceText  *out)
{
  const char *driver = GDALGetDriverShortName (GDALGetDatasetDriver (ds));
  gboolean is_shapefile = g_strcmp0 (driver, "ESRI Shapefile") == 0;
  gboolean undeclared = g_strcmp0 (driver, "CSV") == 0;

  memset (out, 0, sizeof *out);
  out->layer = layer;
  if (encoding != NULL && *encoding != '\0')
    {
      out->charset = g_strdup (encoding);
      out->raw = TRUE;
      out->chosen = TRUE;
      out->label = g_strdup_printf (_("%s (chosen)"), ra_encoding_display_name (encoding));
    }
  else if (is_shapefile)
    {
      const char *from_cpg = GDALGetMetadataItem ((GDALMajorObjectH) layer, "ENCODING_FROM_CPG", "SHAPEFILE");
      const char *from_ldid = GDALGetMetadataItem ((GDALMajorObjectH) layer, "ENCODING_FROM_LDID", "SHAPEFILE");

      if (from_cpg != NULL && *from_cpg != '\0')
        out->label = g_strdup_printf (_("%s (.cpg)"), from_cpg);
      else if (from_ldid != NULL && *from_ldid != '\0')
        out->label = g_strdup_printf (_("%s (DBF language driver id)"), from_ldid);
      else
        undeclared = TRUE;
    }

  if (!out->raw && !undeclared)
    return;
  out->raw = TRUE;
  /* A shapefile: GDAL recodes from what it assumed (.cpg, language driver
   * id, or ISO-8859-1 depending on the version); read the raw bytes. */
  if (is_shapefile)
    {
      const char *source = GDALGetMetadataItem ((GDALMajorObjectH) layer, "SOURCE_ENCODING", "SHAPEFILE");

      if (source != NULL && *source != '\0')
        {
          const char *opts[] = { "ENCODING=", NULL };
          g_autofree char *lname = g_strdup (OGR_L_GetName (layer));

          out->raw_ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, opts, NULL);
          if (out->raw_ds != NULL)
            {
              OGRLayerH raw_layer = GDALDatasetGetLayerByName (out->raw_ds, lname);

              if (raw_layer != NULL)
                out->layer = raw_layer;
              else
                g_clear_pointer (&out->raw_ds, GDALClose);
            }
        }
    }
  if (out->chosen)
    return;

  {
    g_autoptr(RaEncodingGuesser) g = ra_encoding_guesser_new ();
    g_autofree char *evidence = NULL;
    const char *decl = is_shapefile ? _("no .cpg") : _("the format declares none");
    RaEncodingConfidence conf;
    const char *name;

    guess_layer_encoding (out->layer, g);
    out->charset = ra_encoding_guesser_finish (g, &conf, &evidence);
    name = ra_encoding_display_name (out->charset);
    if (g_strcmp0 (out->charset, "UTF-8") == 0)
      {
        out->label = g_strdup (is_shapefile ? _("UTF-8 (no .cpg)") : "UTF-8");
        return;
      }
    switch (conf)
      {
      case RA_ENCODING_SURE:
        out->label = g_strdup_printf (_("%s (detected, %s; sure: %s)"), name, decl, evidence);
        break;
      case RA_ENCODING_LIKELY:
        out->label = g_strdup_printf (_("%s (detected, %s; likely: only %s)"), name, decl, evidence);
        out->warning = g_strdup_printf (_("text encoding not declared (%s): guessed %s from only %s; if names look wrong, choose the encoding"),
                                        decl, name, evidence);
        break;
      case RA_ENCODING_UNSURE:
      default:
        out->label = g_strdup_printf (_("%s (guessed, %s; unsure: %s)"), name, decl, evidence);
        out->warning = g_strdup_printf (_("text encoding not declared (%s) and not recognised: decoded as %s, %s; choose the encoding"),
                                        decl, name, evidence);
        break;
      }
  }
}
