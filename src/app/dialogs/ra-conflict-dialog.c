/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dialog of a save refused over someone else's newer save (issue 19),
 * shared by the project editor, the attribute form and the water-user and
 * plant editors.  See ra-conflict-dialog.h. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ra-conflict-dialog.h"

typedef struct {
  RaStore            *store;
  RaStoreConflict    *conflict;
  char               *subject;
  RaConflictTextFunc  text;
  gpointer            text_data;
  RaConflictDoneFunc  done;
  GWeakRef            owner;      /* done_data: a GObject, maybe gone by then */
  GtkWindow          *parent;     /* weak */
} ConflictData;

static void
conflict_data_free (ConflictData *data)
{
  g_clear_object (&data->store);
  ra_store_conflict_free (data->conflict);
  g_free (data->subject);
  g_weak_ref_clear (&data->owner);
  g_clear_weak_pointer (&data->parent);
  g_free (data);
}

static gboolean
parse_number (char *text, double *out)
{
  char *end = NULL;

  *out = g_ascii_strtod (text, &end);
  return end != text && *g_strchug (end) == '\0';
}

/* The same value: numbers as numbers ("1200" and "1200.0"), blank as none. */
static gboolean
same_value (const char *a, const char *b)
{
  g_autofree char *x = g_strstrip (g_strdup (a != NULL ? a : ""));
  g_autofree char *y = g_strstrip (g_strdup (b != NULL ? b : ""));
  double p, q;

  if (*x != '\0' && *y != '\0' && parse_number (x, &p) && parse_number (y, &q))
    return p == q;
  return g_strcmp0 (x, y) == 0;
}

gboolean
ra_conflict_overlaps (const RaStoreConflict *conflict)
{
  g_return_val_if_fail (conflict != NULL, TRUE);

  if (conflict->their_version == 0 || conflict->is_delete)
    return TRUE;
  for (guint i = 0; i < conflict->fields->len; i++)
    {
      const RaStoreConflictField *f = g_ptr_array_index (conflict->fields, i);

      /* Without the value read, a different value of theirs is a clash. */
      if (!same_value (f->theirs, f->value_read != NULL ? f->value_read : f->mine))
        return TRUE;
    }
  return FALSE;
}

static char *
text_of (ConflictData *data, const char *field, const char *value, gboolean label)
{
  char *text = NULL;

  if (!label && (value == NULL || *value == '\0'))
    return g_strdup (_("(empty)"));
  if (data->text != NULL)
    text = data->text (field, value, label, data->text_data);
  return text != NULL ? text : g_strdup (label ? field : value);
}

static void finish (ConflictData *data, RaConflictOutcome outcome, gint64 version,
                    const char *message);

static void present (ConflictData *data);

static void
response_cb (AdwMessageDialog *dialog, const char *response, ConflictData *data)
{
  g_autoptr(RaStoreConflict) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (g_strcmp0 (response, "mine") == 0)
    {
      if (ra_store_conflict_keep_mine (data->store, data->conflict, &version, &again, &error))
        finish (data, RA_CONFLICT_KEPT_MINE, version, NULL);
      else if (again != NULL)
        {
          /* Changed yet again meanwhile: asked again, with the newest. */
          ra_store_conflict_free (data->conflict);
          data->conflict = g_steal_pointer (&again);
          g_object_steal_data (G_OBJECT (dialog), "conflict-data");
          present (data);
          return;
        }
      else
        finish (data, RA_CONFLICT_FAILED, 0, error->message);
    }
  else if (g_strcmp0 (response, "theirs") == 0)
    {
      ra_store_conflict_take_theirs (data->store, data->conflict);
      finish (data, RA_CONFLICT_TOOK_THEIRS, 0, NULL);
    }
  else
    finish (data, RA_CONFLICT_LATER, 0, NULL);
  g_object_set_data (G_OBJECT (dialog), "conflict-data", NULL);
}

static void
finish (ConflictData *data, RaConflictOutcome outcome, gint64 version, const char *message)
{
  g_autoptr(GObject) owner = g_weak_ref_get (&data->owner);

  if (owner != NULL && data->done != NULL)
    data->done (outcome, version, message, owner);
}

static void
present (ConflictData *data)
{
  const RaStoreConflict *conflict = data->conflict;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *grid, *label;
  const char *heads[] = { _("Field"), _("Yours"), _("Saved meanwhile") };
  guint row = 1;

  if (conflict->their_version == 0)
    body = g_strdup_printf (_("%s was deleted by someone else while you were editing it. "
                              "Keep Mine saves your values again; Take Theirs leaves it "
                              "deleted."), data->subject);
  else if (conflict->is_delete)
    body = g_strdup_printf (_("%s was changed by %s at %s after you opened it. Keep Mine "
                              "deletes it all the same; Take Theirs keeps it as saved."),
                            data->subject,
                            conflict->their_user != NULL ? conflict->their_user : _("someone else"),
                            conflict->their_at != NULL ? conflict->their_at : "?");
  else
    body = g_strdup_printf (_("%s was saved by %s at %s while you were editing it. Choose "
                              "whose values to keep; nothing is saved until you choose."),
                            data->subject,
                            conflict->their_user != NULL ? conflict->their_user : _("someone else"),
                            conflict->their_at != NULL ? conflict->their_at : "?");
  dialog = adw_message_dialog_new (data->parent, _("Saved Meanwhile by Someone Else"), body);
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  for (guint c = 0; c < G_N_ELEMENTS (heads); c++)
    {
      label = gtk_label_new (heads[c]);
      gtk_widget_add_css_class (label, "heading");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_grid_attach (GTK_GRID (grid), label, (int) c, 0, 1, 1);
    }
  for (guint i = 0; i < conflict->fields->len; i++)
    {
      const RaStoreConflictField *f = g_ptr_array_index (conflict->fields, i);
      char *texts[3];

      texts[0] = text_of (data, f->name, NULL, TRUE);
      texts[1] = conflict->is_delete ? g_strdup (_("(deleted)"))
                                     : text_of (data, f->name, f->mine, FALSE);
      texts[2] = conflict->their_version == 0 ? g_strdup (_("(deleted)"))
                                              : text_of (data, f->name, f->theirs, FALSE);
      for (guint c = 0; c < 3; c++)
        {
          label = gtk_label_new (texts[c]);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
          gtk_label_set_selectable (GTK_LABEL (label), c > 0);
          /* Where theirs is not what this form started from. */
          if (c == 2 && !same_value (f->theirs, f->value_read != NULL ? f->value_read : f->mine))
            gtk_widget_add_css_class (label, "warning");
          gtk_grid_attach (GTK_GRID (grid), label, (int) c, (int) row, 1, 1);
          g_free (texts[c]);
        }
      row++;
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Decide Later"),
                                    "theirs", _("_Take Theirs"),
                                    "mine", _("_Keep Mine"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mine",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* The data lives as long as the dialog (answered or not). */
  g_object_set_data_full (G_OBJECT (dialog), "conflict-data", data,
                          (GDestroyNotify) conflict_data_free);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWindow *
ra_conflict_dialog_present (GtkWindow             *parent,
                            RaStore               *store,
                            const RaStoreConflict *conflict,
                            const char            *subject,
                            RaConflictTextFunc     text,
                            gpointer               text_data,
                            RaConflictDoneFunc     done,
                            gpointer               done_data)
{
  ConflictData *data = g_new0 (ConflictData, 1);

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (conflict != NULL, NULL);
  g_return_val_if_fail (done_data == NULL || G_IS_OBJECT (done_data), NULL);

  data->store = g_object_ref (store);
  data->conflict = ra_store_conflict_copy (conflict);
  data->subject = g_strdup (subject);
  data->text = text;
  data->text_data = text_data;
  data->done = done;
  g_weak_ref_init (&data->owner, done_data);
  g_set_weak_pointer (&data->parent, parent);
  present (data);
  return ra_conflict_dialog_find (parent);
}

gboolean
ra_conflict_save_feature (GtkWindow          *form,
                          RaStore            *store,
                          const char         *table,
                          gint64              id,
                          gint64             *row_version,
                          GHashTable         *fields,
                          GHashTable         *read_fields,
                          const char         *subject,
                          RaConflictDoneFunc  done,
                          gpointer            owner,
                          GError            **error)
{
  g_autoptr(RaStoreConflict) conflict = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 version = 0;
  gboolean ok;

  ok = ra_store_update_feature_at (store, table, id, *row_version, fields, read_fields, &version,
                                   &conflict, &local_error);
  if (!ok && conflict != NULL && !ra_conflict_overlaps (conflict))
    {
      g_clear_error (&local_error);
      ok = ra_store_conflict_keep_mine (store, conflict, &version, NULL, &local_error);
    }
  if (ok)
    {
      *row_version = version;
      return TRUE;
    }
  if (conflict != NULL && g_error_matches (local_error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT))
    ra_conflict_dialog_present (form, store, conflict, subject, NULL, NULL, done, owner);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

GtkWindow *
ra_conflict_dialog_find (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (w) == parent &&
          g_object_get_data (G_OBJECT (w), "conflict-data") != NULL)
        return w;
    }
  return NULL;
}
