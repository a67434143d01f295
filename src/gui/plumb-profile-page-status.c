/* plumb-profile-page-status.c: what My Profile says of the saved changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is read from the outbox: which changes wait and why,
 * which the server refused (their reasons go back to their fields), which
 * met a change made on Procore meanwhile (a choice per field), and, after
 * an Update, what became of it in each company.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-profile-page-private.h"

typedef struct
{
  PlumbProfilePage *page;
  gint64            op_id;
  gint64            company_id;
  PlumbConflict    *conflict;
} ConflictChoice;

void conflict_choice_free (gpointer data);

void
conflict_choice_free (gpointer data)
{
  ConflictChoice *choice = data;

  g_clear_pointer (&choice->conflict, plumb_conflict_free);
  g_free (choice);
}

void
plumb_profile_page_set_status (PlumbProfilePage *self,
                               const char       *text,
                               const char       *icon_name)
{
  g_free (self->status_text);
  self->status_text = g_strdup (text);
  gtk_label_set_label (self->status_label, text);
  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon_name != NULL);
}

static const char *
company_name (PlumbProfilePage *self,
              gint64            company_id)
{
  GListModel *companies = plumb_application_get_companies (self->application);

  for (guint i = 0; companies != NULL && i < g_list_model_get_n_items (companies); i++)
    {
      g_autoptr(PlumbCompany) company = g_list_model_get_item (companies, i);

      if (plumb_company_get_id (company) == company_id)
        return plumb_company_get_name (company);
    }
  return NULL;
}

static gboolean
in_last_update (PlumbProfilePage *self,
                gint64            op_id)
{
  for (guint i = 0; self->queued != NULL && i < self->queued->len; i++)
    {
      PlumbProfileQueued *queued = g_ptr_array_index (self->queued, i);

      for (guint k = 0; k < queued->op_ids->len; k++)
        if (g_array_index (queued->op_ids, gint64, k) == op_id)
          return TRUE;
    }
  return FALSE;
}

/* The person's own changes: in the company shown, and those of the last
 * Update in the others. */
static gboolean
is_own (PlumbProfilePage *self,
        PlumbOutboxOp    *op)
{
  gint64 own = self->record != NULL ? json_object_get_int_member_with_default (self->record, "id", 0) : 0;

  if (op->kind != PLUMB_OUTBOX_EDIT_USER && op->kind != PLUMB_OUTBOX_PHOTO)
    return FALSE;
  return (op->company_id == self->loaded_company && op->user_id == own) || in_last_update (self, op->id);
}

static char *
value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PlumbProfilePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (PLUMB_IS_SYNC_ENGINE (source))
    ok = plumb_sync_engine_resolve_conflict_finish (PLUMB_SYNC_ENGINE (source), result, &error);
  else
    ok = plumb_outbox_resolve_conflict_finish (PLUMB_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    plumb_profile_page_set_status (self, error->message, "dialog-error-symbolic");
  plumb_profile_page_load (self);
}

static void
resolve (ConflictChoice *choice,
         gboolean        keep_mine)
{
  PlumbProfilePage *self = choice->page;

  if (self->engine != NULL)
    plumb_sync_engine_resolve_conflict_async (self->engine, choice->op_id, choice->conflict->field, keep_mine,
                                              self->cancellable, resolved_cb, g_object_ref (self));
  else
    plumb_outbox_resolve_conflict_async (plumb_application_get_store (self->application), choice->op_id,
                                         choice->conflict->field,
                                         keep_mine ? PLUMB_CONFLICT_KEEP_MINE : PLUMB_CONFLICT_TAKE_SERVER,
                                         self->cancellable, resolved_cb, g_object_ref (self));
}

static void
keep_mine_clicked (GtkButton      *button,
                   ConflictChoice *choice)
{
  resolve (choice, TRUE);
}

static void
take_theirs_clicked (GtkButton      *button,
                     ConflictChoice *choice)
{
  resolve (choice, FALSE);
}

static GtkWidget *
choice_button (const char *label,
               GCallback   callback,
               gpointer    data)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", callback, data);
  return button;
}

static void
add_conflict_row (PlumbProfilePage *self,
                  ConflictChoice   *choice)
{
  PlumbProfileField field;
  const char *label = _("Photo");
  g_autofree char *mine = value_text (choice->conflict->mine);
  g_autofree char *theirs = value_text (choice->conflict->theirs);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  if (plumb_profile_field_from_name (choice->conflict->field, &field))
    label = plumb_profile_field_label (field);
  if (choice->company_id != self->loaded_company && company_name (self, choice->company_id) != NULL)
    /* Translators: a field, then the company it is in: “Job Title · Harbor Civil Works” */
    title = g_strdup_printf (_("%s · %s"), label, company_name (self, choice->company_id));
  else
    title = g_strdup (label);
  /* Translators: the two values of a field in conflict */
  subtitle = g_markup_printf_escaped (_("Yours: %s\nOn Procore: %s"), mine, theirs);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_box_append (GTK_BOX (box), choice_button (_("_Keep Mine"), G_CALLBACK (keep_mine_clicked), choice));
  gtk_box_append (GTK_BOX (box), choice_button (_("_Use Procore’s"), G_CALLBACK (take_theirs_clicked), choice));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  adw_preferences_group_add (self->conflicts_group, row);
  g_ptr_array_add (self->dynamic_rows, row);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_group), TRUE);
}

typedef struct
{
  PlumbProfilePage *page;
  guint             generation;
  gint64            op_id;
  gint64            company_id;
} ConflictLoad;

static void
conflicts_listed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autofree ConflictLoad *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = plumb_outbox_list_conflicts_finish (PLUMB_STORE (source), result, &error);
  PlumbProfilePage *self = load->page;

  if (conflicts == NULL || load->generation != self->generation)
    return;
  for (guint i = 0; i < conflicts->len; i++)
    {
      ConflictChoice *choice = g_new0 (ConflictChoice, 1);

      choice->page = self;
      choice->op_id = load->op_id;
      choice->company_id = load->company_id;
      choice->conflict = plumb_conflict_copy (g_ptr_array_index (conflicts, i));
      g_ptr_array_add (self->conflicts, choice);
      add_conflict_row (self, choice);
    }
}

static void
rebuild_conflicts (PlumbProfilePage *self)
{
  PlumbStore *store = plumb_application_get_store (self->application);

  self->generation++;
  for (guint i = 0; i < self->dynamic_rows->len; i++)
    adw_preferences_group_remove (self->conflicts_group, g_ptr_array_index (self->dynamic_rows, i));
  g_ptr_array_set_size (self->dynamic_rows, 0);
  g_ptr_array_set_size (self->conflicts, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_group), FALSE);

  for (guint i = 0; store != NULL && self->ops != NULL && i < self->ops->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (self->ops, i);
      ConflictLoad *load;

      if (op->state != PLUMB_OUTBOX_CONFLICT || !is_own (self, op))
        continue;
      load = g_new0 (ConflictLoad, 1);
      load->page = self;
      load->generation = self->generation;
      load->op_id = op->id;
      load->company_id = op->company_id;
      plumb_outbox_list_conflicts_async (store, op->id, self->cancellable, conflicts_listed_cb, load);
    }
}

static PlumbOutboxOp *
find_op (PlumbProfilePage *self,
         gint64            id)
{
  for (guint i = 0; self->ops != NULL && i < self->ops->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (self->ops, i);

      if (op->id == id)
        return op;
    }
  return NULL;
}

static gboolean
is_online (PlumbProfilePage *self)
{
  return self->engine != NULL && plumb_sync_engine_get_online (self->engine);
}

static char *
outcome_text (PlumbProfilePage   *self,
              PlumbProfileQueued *queued)
{
  guint done = 0, waiting = 0, conflict = 0;
  const char *refusal = NULL;

  if (queued->error != NULL)
    return g_strdup (queued->error);
  if (queued->op_ids->len == 0)
    return g_strdup (_("Nothing to change"));
  for (guint k = 0; k < queued->op_ids->len; k++)
    {
      PlumbOutboxOp *op = find_op (self, g_array_index (queued->op_ids, gint64, k));

      /* Only changes not yet done are listed: one no longer there went through. */
      if (op == NULL || op->state == PLUMB_OUTBOX_DONE)
        done++;
      else if (op->state == PLUMB_OUTBOX_CONFLICT)
        conflict++;
      else if (op->state == PLUMB_OUTBOX_FAILED)
        refusal = op->last_error != NULL ? op->last_error : _("Procore refused the change.");
      else
        waiting++;
    }
  if (refusal != NULL)
    /* Translators: %s is the server's reason */
    return g_strdup_printf (_("Refused: %s"), refusal);
  if (conflict > 0)
    return g_strdup (_("Changed there meanwhile: choose above which value to keep"));
  if (waiting > 0)
    return g_strdup (is_online (self) ? _("Saved on this computer; waiting to be sent")
                                      : _("Saved on this computer; sent when the connection is back"));
  return g_strdup (_("Updated"));
}

void
plumb_profile_page_update_companies (PlumbProfilePage *self)
{
  GListModel *companies = plumb_application_get_companies (self->application);
  guint n = companies != NULL ? g_list_model_get_n_items (companies) : 0;
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlumbCompany) company = g_list_model_get_item (companies, i);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, plumb_company_get_name (company));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->companies_group), n > 1);
  adw_action_row_set_subtitle (self->all_companies_row, names->str);

  for (guint i = 0; i < self->company_rows->len; i++)
    adw_preferences_group_remove (self->companies_group, g_ptr_array_index (self->company_rows, i));
  g_ptr_array_set_size (self->company_rows, 0);

  for (guint i = 0; self->queued != NULL && i < self->queued->len; i++)
    {
      PlumbProfileQueued *queued = g_ptr_array_index (self->queued, i);
      const char *name = company_name (self, queued->company_id);
      g_autofree char *outcome = outcome_text (self, queued);
      g_autofree char *fallback = g_strdup_printf ("%" G_GINT64_FORMAT, queued->company_id);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : fallback);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), outcome);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (self->companies_group, row);
      g_ptr_array_add (self->company_rows, row);
    }
  if (self->queued != NULL && self->queued->len > 0)
    gtk_widget_set_visible (GTK_WIDGET (self->companies_group), TRUE);
}

void
plumb_profile_page_update_status (PlumbProfilePage *self)
{
  guint waiting = 0, conflicts = 0, refused = 0, photos = 0;
  const char *last_error = NULL;
  const char *unplaced = NULL;

  if (self->saving)
    return;
  if (self->record == NULL)
    {
      self->state = self->ops != NULL ? "missing" : "loading";
      if (self->ops != NULL)
        plumb_profile_page_set_status (self, _("Your profile has not been fetched from Procore yet. It is fetched at the next sync while online."),
                                       "network-offline-symbolic");
      return;
    }
  self->state = "ready";

  for (guint i = 0; self->ops != NULL && i < self->ops->len; i++)
    {
      PlumbOutboxOp *op = g_ptr_array_index (self->ops, i);

      if (!is_own (self, op) || op->state == PLUMB_OUTBOX_DONE)
        continue;
      if (op->state == PLUMB_OUTBOX_CONFLICT)
        conflicts++;
      else if (op->state == PLUMB_OUTBOX_FAILED)
        {
          refused++;
          if (op->company_id == self->loaded_company && op->kind == PLUMB_OUTBOX_PHOTO)
            unplaced = op->last_error;
        }
      else
        {
          waiting++;
          if (op->kind == PLUMB_OUTBOX_PHOTO)
            photos++;
          if (op->last_error != NULL)
            last_error = op->last_error;
        }
    }
  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS && unplaced == NULL; i++)
    if (g_hash_table_size (self->refusals) > 0 && self->errors[i] == NULL &&
        g_hash_table_contains (self->refusals, plumb_profile_field_api_name (i)))
      unplaced = g_hash_table_lookup (self->refusals, plumb_profile_field_api_name (i));

  if (conflicts > 0)
    plumb_profile_page_set_status (self, _("Changed on Procore meanwhile. Choose above which value to keep."),
                                   "dialog-warning-symbolic");
  else if (refused > 0)
    {
      g_autofree char *text = NULL;

      if (unplaced != NULL)
        /* Translators: %s is the server's reason */
        text = g_strdup_printf (_("Procore refused the change: %s"), unplaced);
      else
        text = g_strdup (_("Procore refused the change. The reasons are shown under the fields; correct them and click Update."));
      plumb_profile_page_set_status (self, text, "dialog-error-symbolic");
    }
  else if (waiting > 0)
    {
      g_autofree char *text = NULL;

      if (!is_online (self))
        text = g_strdup (_("Saved on this computer. Offline: it is sent when the connection is back."));
      else if (self->engine != NULL && plumb_sync_engine_get_syncing (self->engine))
        text = g_strdup (_("Saved on this computer. Sending to Procore…"));
      else if (last_error != NULL)
        /* Translators: %s says why the last try failed */
        text = g_strdup_printf (_("Saved on this computer. Not sent yet: %s"), last_error);
      else
        text = g_strdup (_("Saved on this computer. Waiting to be sent."));
      plumb_profile_page_set_status (self, text, is_online (self) ? "document-save-symbolic" : "network-offline-symbolic");
    }
  else if (self->dirty && g_strcmp0 (plumb_photo_well_get_state (self->photo_well), "crop") == 0)
    plumb_profile_page_set_status (self, _("Choose the part of the picture to use, then click Use Photo."),
                                   "image-x-generic-symbolic");
  else if (self->dirty)
    plumb_profile_page_set_status (self, _("Not saved yet: click Update to keep your changes."),
                                   "document-edit-symbolic");
  else
    plumb_profile_page_set_status (self, _("Synced"), "emblem-ok-symbolic");
}

void
plumb_profile_page_apply (PlumbProfilePage *self,
                          GPtrArray        *ops)
{
  g_autoptr(JsonObject) with_refused = NULL;
  gint64 own;

  g_clear_pointer (&self->ops, g_ptr_array_unref);
  self->ops = g_ptr_array_ref (ops);

  if (self->record == NULL)
    {
      plumb_profile_page_update_status (self);
      plumb_profile_page_update_companies (self);
      return;
    }

  own = json_object_get_int_member_with_default (self->record, "id", 0);
  g_clear_pointer (&self->shown, json_object_unref);
  self->shown = plumb_profile_overlay (self->record, ops, self->loaded_company, FALSE);
  with_refused = plumb_profile_overlay (self->record, ops, self->loaded_company, TRUE);

  if (!self->dirty && !self->saving)
    {
      g_hash_table_remove_all (self->refusals);
      for (guint i = 0; i < ops->len; i++)
        {
          PlumbOutboxOp *op = g_ptr_array_index (ops, i);
          JsonNode *fields = op->payload != NULL ? json_object_get_member (op->payload, "fields") : NULL;
          g_autoptr(GHashTable) by_field = NULL;
          GHashTableIter iter;
          gpointer key, value;

          if (op->kind != PLUMB_OUTBOX_EDIT_USER || op->state != PLUMB_OUTBOX_FAILED ||
              op->company_id != self->loaded_company || op->user_id != own ||
              fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
            continue;
          by_field = plumb_profile_refusal_by_field (json_node_get_object (fields), op->last_error);
          g_hash_table_iter_init (&iter, by_field);
          while (g_hash_table_iter_next (&iter, &key, &value))
            g_hash_table_replace (self->refusals, g_strdup (key), g_strdup (value));
        }
      plumb_profile_page_fill (self, with_refused);
    }

  plumb_profile_page_show_avatar (self, json_object_get_string_member_with_default (self->record, "avatar", NULL));
  if (!self->others_fetched)
    plumb_profile_page_fetch_others (self);
  rebuild_conflicts (self);
  plumb_profile_page_update_status (self);
  plumb_profile_page_update_companies (self);
}

const char *
plumb_profile_page_get_state (PlumbProfilePage *self)
{
  g_return_val_if_fail (PLUMB_IS_PROFILE_PAGE (self), NULL);

  return self->state != NULL ? self->state : "loading";
}

const char *
plumb_profile_page_get_status_text (PlumbProfilePage *self)
{
  g_return_val_if_fail (PLUMB_IS_PROFILE_PAGE (self), NULL);

  return self->status_text;
}

guint
plumb_profile_page_get_n_conflicts (PlumbProfilePage *self)
{
  g_return_val_if_fail (PLUMB_IS_PROFILE_PAGE (self), 0);

  return self->conflicts->len;
}

char *
plumb_profile_page_dup_company_report (PlumbProfilePage *self)
{
  g_autoptr(GString) report = g_string_new (NULL);

  g_return_val_if_fail (PLUMB_IS_PROFILE_PAGE (self), NULL);

  for (guint i = 0; self->queued != NULL && i < self->queued->len; i++)
    {
      PlumbProfileQueued *queued = g_ptr_array_index (self->queued, i);
      g_autofree char *outcome = outcome_text (self, queued);
      const char *name = company_name (self, queued->company_id);

      g_string_append_printf (report, "%s: %s\n", name != NULL ? name : "?", outcome);
    }
  return g_string_free (g_steal_pointer (&report), FALSE);
}

void
plumb_profile_page_resolve_first_conflict (PlumbProfilePage *self,
                                           gboolean          keep_mine)
{
  g_return_if_fail (PLUMB_IS_PROFILE_PAGE (self));
  g_return_if_fail (self->conflicts->len > 0);

  resolve (g_ptr_array_index (self->conflicts, 0), keep_mine);
}
