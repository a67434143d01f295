/* plumb-profile-page.c: My Profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor starts from the person's own record as last synced, with the
 * changes still in the outbox laid over it, and with the values the server
 * refused shown where they were typed, their reasons beside them. "Update"
 * queues only the fields that differ from what was shown, with what was
 * shown as their base, so the sync engine can tell a change made on
 * Procore meanwhile; those come back here field by field. See
 * plumb-profile-page-status.c for the status line, the conflicts and the
 * per-company report, and plumb-profile-page-sources.c for the country
 * lists, the current photo and the records in the other companies.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-iso-codes.h"
#include "plumb-photo.h"
#include "plumb-profile-page-private.h"
#include "plumb-profile-rules.h"

G_DEFINE_FINAL_TYPE (PlumbProfilePage, plumb_profile_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_HAS_UNSAVED_CHANGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void conflict_choice_free (gpointer data);

GtkWidget *
plumb_profile_page_new (PlumbApplication *application)
{
  return g_object_new (PLUMB_TYPE_PROFILE_PAGE,
                       "application", application,
                       NULL);
}

static gboolean
is_chooser (PlumbProfileField field)
{
  return field == PLUMB_PROFILE_COUNTRY || field == PLUMB_PROFILE_STATE;
}

static const char *
selected_code (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : "";
}

/* The text a field holds now. */
const char *
plumb_profile_page_field_text (PlumbProfilePage  *self,
                               PlumbProfileField  field)
{
  if (field == PLUMB_PROFILE_COUNTRY)
    return selected_code (self->country_dropdown);
  if (field == PLUMB_PROFILE_STATE)
    return selected_code (self->state_code_dropdown);
  return gtk_editable_get_text (GTK_EDITABLE (self->rows[field]));
}

static void
set_field_text (PlumbProfilePage  *self,
                PlumbProfileField  field,
                const char        *text)
{
  if (field == PLUMB_PROFILE_COUNTRY)
    plumb_profile_page_select_code (self->country_dropdown, self->countries, text);
  else if (field == PLUMB_PROFILE_STATE)
    plumb_profile_page_fill_states (self, plumb_profile_page_field_text (self, PLUMB_PROFILE_COUNTRY), text);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->rows[field]), text);
}

static void
show_field_error (PlumbProfilePage  *self,
                  PlumbProfileField  field,
                  const char        *message)
{
  GtkWidget *row = self->rows[field];

  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");

  g_free (self->errors[field]);
  self->errors[field] = g_strdup (message);
  if (self->error_rows[field] != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->error_rows[field]), message != NULL ? message : "");
      gtk_widget_set_visible (self->error_rows[field], message != NULL);
    }
  else if (ADW_IS_ACTION_ROW (row))
    {
      if (message != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), field == PLUMB_PROFILE_STATE ? plumb_profile_page_state_note (self) : NULL);
    }
}

/* A field's message: what is wrong with what is typed, else what the
 * server said of it, until it is edited. */
static void
check_field (PlumbProfilePage  *self,
             PlumbProfileField  field)
{
  g_autoptr(GError) error = NULL;
  const char *refusal = g_hash_table_lookup (self->refusals, plumb_profile_field_api_name (field));

  if (!plumb_profile_check_field (field, plumb_profile_page_field_text (self, field), &error))
    show_field_error (self, field, error->message);
  else
    show_field_error (self, field, refusal);
}

static gboolean
compute_dirty (PlumbProfilePage *self)
{
  const char *well_state = plumb_photo_well_get_state (self->photo_well);

  if (plumb_photo_well_get_has_change (self->photo_well) || g_strcmp0 (well_state, "crop") == 0)
    return TRUE;
  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS; i++)
    if (g_strcmp0 (self->initial[i], plumb_profile_page_field_text (self, i)) != 0)
      return TRUE;
  return FALSE;
}

void
plumb_profile_page_update_dirty (PlumbProfilePage *self)
{
  gboolean dirty = self->record != NULL && compute_dirty (self);
  const char *well_state = plumb_photo_well_get_state (self->photo_well);
  gboolean photo_busy = g_strcmp0 (well_state, "crop") == 0 || g_strcmp0 (well_state, "checking") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.update", dirty && !self->saving && !photo_busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.discard", dirty);
  if (dirty != self->dirty)
    {
      self->dirty = dirty;
      if (self->ops != NULL && !self->just_saved)
        plumb_profile_page_update_status (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSAVED_CHANGES]);
    }
  self->just_saved = FALSE;
}

static char *
current_suggestion (PlumbProfilePage *self)
{
  return plumb_profile_suggest_initials (plumb_profile_page_field_text (self, PLUMB_PROFILE_FIRST_NAME),
                                         plumb_profile_page_field_text (self, PLUMB_PROFILE_LAST_NAME));
}

static void
on_field_changed (PlumbProfilePage *self,
                  GtkEditable      *editable)
{
  PlumbProfileField field = PLUMB_PROFILE_N_FIELDS;

  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS; i++)
    if (self->rows[i] == GTK_WIDGET (editable))
      field = i;
  if (field == PLUMB_PROFILE_N_FIELDS || self->filling > 0)
    return;

  g_hash_table_remove (self->refusals, plumb_profile_field_api_name (field));
  check_field (self, field);

  if (field == PLUMB_PROFILE_FIRST_NAME || field == PLUMB_PROFILE_LAST_NAME)
    {
      g_autofree char *suggestion = current_suggestion (self);
      const char *initials = plumb_profile_page_field_text (self, PLUMB_PROFILE_INITIALS);

      /* Initials follow the names until the person types their own. */
      if (*initials == '\0' || g_strcmp0 (initials, self->suggestion) == 0)
        gtk_editable_set_text (GTK_EDITABLE (self->rows[PLUMB_PROFILE_INITIALS]), suggestion);
      g_free (self->suggestion);
      self->suggestion = g_steal_pointer (&suggestion);
    }
  plumb_profile_page_update_dirty (self);
}

static void
on_country_selected (PlumbProfilePage *self)
{
  if (self->filling > 0)
    return;
  plumb_profile_page_fill_states (self, plumb_profile_page_field_text (self, PLUMB_PROFILE_COUNTRY), NULL);
  g_hash_table_remove (self->refusals, "country_code");
  g_hash_table_remove (self->refusals, "state_code");
  check_field (self, PLUMB_PROFILE_COUNTRY);
  check_field (self, PLUMB_PROFILE_STATE);
  plumb_profile_page_update_dirty (self);
}

static void
on_state_code_selected (PlumbProfilePage *self)
{
  if (self->filling > 0)
    return;
  g_hash_table_remove (self->refusals, "state_code");
  check_field (self, PLUMB_PROFILE_STATE);
  plumb_profile_page_update_dirty (self);
}

static void
on_photo_changed (PlumbProfilePage *self)
{
  gboolean was_dirty = self->dirty;

  plumb_profile_page_update_dirty (self);
  /* From the crop step to a photo ready, the page stays edited: say what is next. */
  if (was_dirty && self->dirty && self->ops != NULL && !self->saving)
    plumb_profile_page_update_status (self);
}

/* Puts a record's values in the editor and takes them as the start. */
void
plumb_profile_page_fill (PlumbProfilePage *self,
                         JsonObject       *values)
{
  g_autofree char *name = NULL;

  self->filling++;
  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS; i++)
    {
      g_autofree char *text = plumb_profile_field_text (i, values);

      if (i == PLUMB_PROFILE_STATE)
        continue;
      set_field_text (self, i, text);
    }
  {
    g_autofree char *state = plumb_profile_field_text (PLUMB_PROFILE_STATE, values);

    set_field_text (self, PLUMB_PROFILE_STATE, state);
  }
  self->filling--;

  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS; i++)
    {
      g_free (self->initial[i]);
      self->initial[i] = g_strdup (plumb_profile_page_field_text (self, i));
      check_field (self, i);
    }
  g_free (self->suggestion);
  self->suggestion = current_suggestion (self);

  name = g_strstrip (g_strdup_printf ("%s %s", self->initial[PLUMB_PROFILE_FIRST_NAME],
                                      self->initial[PLUMB_PROFILE_LAST_NAME]));
  plumb_photo_well_set_name (self->photo_well, name);
  plumb_profile_page_update_dirty (self);
}

/* Loading */

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PlumbProfilePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = plumb_outbox_list_finish (PLUMB_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (ops == NULL)
    {
      g_warning ("The outbox could not be read: %s", error->message);
      return;
    }
  plumb_profile_page_apply (self, ops);
}

static void
own_record_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PlumbProfilePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) base = NULL;

  if (!plumb_store_get_own_record_finish (PLUMB_STORE (source), result, &record, &base, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Your profile could not be read: %s", error->message);
      return;
    }
  g_clear_pointer (&self->record, json_object_unref);
  self->record = g_steal_pointer (&record);
  plumb_outbox_list_async (PLUMB_STORE (source), FALSE, self->load_cancellable, loaded_cb, self);
}

static gboolean
load_idle_cb (gpointer data)
{
  PlumbProfilePage *self = data;
  PlumbStore *store = plumb_application_get_store (self->application);
  gint64 company_id = plumb_application_get_company_id (self->application);

  self->load_idle = 0;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (store == NULL || company_id == 0)
    return G_SOURCE_REMOVE;
  self->load_cancellable = g_cancellable_new ();
  self->loaded_company = company_id;
  plumb_store_get_own_record_async (store, company_id, self->load_cancellable, own_record_cb, self);
  return G_SOURCE_REMOVE;
}

void
plumb_profile_page_load (PlumbProfilePage *self)
{
  /* Hidden, the page waits: the other sections share the store's thread. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->load_waiting = TRUE;
      return;
    }
  self->load_waiting = FALSE;
  if (self->load_idle == 0)
    self->load_idle = g_idle_add (load_idle_cb, self);
}

static void
plumb_profile_page_map (GtkWidget *widget)
{
  PlumbProfilePage *self = PLUMB_PROFILE_PAGE (widget);

  GTK_WIDGET_CLASS (plumb_profile_page_parent_class)->map (widget);
  if (self->load_waiting || self->record == NULL)
    plumb_profile_page_load (self);
}

static void
on_company_changed (PlumbProfilePage *self)
{
  /* Another company's record is another editor. */
  if (plumb_application_get_company_id (self->application) != self->loaded_company)
    {
      g_clear_pointer (&self->record, json_object_unref);
      g_clear_pointer (&self->queued, g_ptr_array_unref);
      self->dirty = FALSE;
      plumb_photo_well_reset (self->photo_well);
      g_clear_pointer (&self->avatar_url, g_free);
      plumb_photo_well_set_current (self->photo_well, NULL, FALSE);
      self->others_fetched = FALSE;
    }
  plumb_profile_page_load (self);
}

static void
on_engine_changed (PlumbProfilePage *self)
{
  PlumbSyncEngine *engine = plumb_application_get_sync_engine (self->application);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      g_signal_connect_object (engine, "notify::syncing", G_CALLBACK (plumb_profile_page_load), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::online", G_CALLBACK (plumb_profile_page_update_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::conflict-count", G_CALLBACK (plumb_profile_page_load), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::failed-count", G_CALLBACK (plumb_profile_page_load), self, G_CONNECT_SWAPPED);
    }
  plumb_profile_page_load (self);
}

/* Saving */

static void
synced_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PlumbProfilePage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Failures show through the outbox and the engine's last-error. */
  plumb_sync_engine_sync_now_finish (PLUMB_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The records there changed too: the next Update starts from them. */
  plumb_profile_page_fetch_others (self);
  plumb_profile_page_load (self);
}

static void
queued_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PlumbProfilePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queued = plumb_profile_queue_finish (result, &error);
  GBytes *photo;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  if (queued == NULL)
    {
      plumb_profile_page_set_status (self, error->message, "dialog-error-symbolic");
      plumb_profile_page_update_dirty (self);
      return;
    }

  g_clear_pointer (&self->queued, g_ptr_array_unref);
  self->queued = g_steal_pointer (&queued);
  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS; i++)
    {
      g_free (self->initial[i]);
      self->initial[i] = g_strdup (plumb_profile_page_field_text (self, i));
    }
  photo = plumb_photo_well_get_photo (self->photo_well, NULL);
  if (photo != NULL)
    plumb_profile_page_show_photo_bytes (self, photo);
  else if (plumb_photo_well_get_remove (self->photo_well))
    plumb_photo_well_set_current (self->photo_well, NULL, FALSE);
  plumb_photo_well_reset (self->photo_well);
  self->just_saved = TRUE;
  plumb_profile_page_update_dirty (self);
  plumb_profile_page_set_status (self, _("Saved on this computer."), "document-save-symbolic");

  if (self->engine != NULL)
    plumb_sync_engine_outbox_changed (self->engine);
  if (self->engine != NULL && plumb_sync_engine_get_online (self->engine))
    plumb_sync_engine_sync_now_async (self->engine, self->cancellable, synced_cb, g_object_ref (self));
  plumb_profile_page_load (self);
}

static void
update_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlumbProfilePage *self = PLUMB_PROFILE_PAGE (widget);
  PlumbStore *store = plumb_application_get_store (self->application);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  g_autoptr(GArray) companies = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 current = plumb_application_get_company_id (self->application);
  GListModel *all = plumb_application_get_companies (self->application);
  const char *photo_type = NULL;
  GBytes *photo;
  GtkWidget *first_invalid = NULL;

  if (self->saving || store == NULL || self->record == NULL)
    return;

  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS; i++)
    {
      const char *text = plumb_profile_page_field_text (self, i);
      const char *name = plumb_profile_field_api_name (i);
      g_autofree char *shown = plumb_profile_field_text (i, self->shown);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) value = plumb_profile_field_value (i, text, &error);
      g_autofree char *stripped = g_strstrip (g_strdup (text));
      JsonNode *old;

      if (value == NULL)
        {
          show_field_error (self, i, error->message);
          if (first_invalid == NULL)
            first_invalid = self->rows[i];
          continue;
        }
      if (g_strcmp0 (stripped, shown) == 0)
        continue;
      old = json_object_get_member (self->shown, name);
      json_object_set_member (fields, name, g_steal_pointer (&value));
      json_object_set_member (base, name, old != NULL ? json_node_copy (old) : json_node_new (JSON_NODE_NULL));
    }
  if (first_invalid != NULL)
    {
      gtk_widget_grab_focus (first_invalid);
      plumb_profile_page_set_status (self, _("Some fields need a change before they can be saved: see the messages under them."),
                                     "dialog-warning-symbolic");
      return;
    }

  photo = plumb_photo_well_get_photo (self->photo_well, &photo_type);
  if (plumb_photo_well_get_remove (self->photo_well))
    {
      JsonNode *old = json_object_get_member (self->shown, PLUMB_PROFILE_AVATAR);

      json_object_set_null_member (fields, PLUMB_PROFILE_AVATAR);
      json_object_set_member (base, PLUMB_PROFILE_AVATAR, old != NULL ? json_node_copy (old) : json_node_new (JSON_NODE_NULL));
    }

  g_array_append_val (companies, current);
  if (gtk_switch_get_active (self->all_companies_switch))
    for (guint i = 0; all != NULL && i < g_list_model_get_n_items (all); i++)
      {
        g_autoptr(PlumbCompany) company = g_list_model_get_item (all, i);
        gint64 id = plumb_company_get_id (company);

        if (id != current)
          g_array_append_val (companies, id);
      }

  self->saving = TRUE;
  plumb_profile_page_update_dirty (self);
  plumb_profile_queue_async (store, (const gint64 *) companies->data, companies->len, fields, base,
                             photo, photo_type,
                             self->engine != NULL ? plumb_sync_engine_get_clock_offset (self->engine) : 0,
                             self->cancellable, queued_cb, self);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlumbProfilePage *self = PLUMB_PROFILE_PAGE (widget);

  self->filling++;
  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS; i++)
    if (i != PLUMB_PROFILE_STATE)
      set_field_text (self, i, self->initial[i]);
  set_field_text (self, PLUMB_PROFILE_STATE, self->initial[PLUMB_PROFILE_STATE]);
  self->filling--;
  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS; i++)
    check_field (self, i);
  g_free (self->suggestion);
  self->suggestion = current_suggestion (self);
  plumb_photo_well_reset (self->photo_well);
  plumb_profile_page_update_dirty (self);
  plumb_profile_page_load (self);
}

/* Public accessors */

gboolean
plumb_profile_page_get_has_unsaved_changes (PlumbProfilePage *self)
{
  g_return_val_if_fail (PLUMB_IS_PROFILE_PAGE (self), FALSE);

  return self->dirty;
}

PlumbPhotoWell *
plumb_profile_page_get_photo_well (PlumbProfilePage *self)
{
  g_return_val_if_fail (PLUMB_IS_PROFILE_PAGE (self), NULL);

  return self->photo_well;
}

GtkEditable *
plumb_profile_page_get_editable (PlumbProfilePage  *self,
                                 PlumbProfileField  field)
{
  g_return_val_if_fail (PLUMB_IS_PROFILE_PAGE (self), NULL);
  g_return_val_if_fail (field < PLUMB_PROFILE_N_FIELDS && !is_chooser (field), NULL);

  return GTK_EDITABLE (self->rows[field]);
}

const char *
plumb_profile_page_get_field_error (PlumbProfilePage  *self,
                                    PlumbProfileField  field)
{
  g_return_val_if_fail (PLUMB_IS_PROFILE_PAGE (self), NULL);
  g_return_val_if_fail (field < PLUMB_PROFILE_N_FIELDS, NULL);

  return self->errors[field];
}

const char *
plumb_profile_page_get_country (PlumbProfilePage *self)
{
  return plumb_profile_page_field_text (self, PLUMB_PROFILE_COUNTRY);
}

const char *
plumb_profile_page_get_state_code (PlumbProfilePage *self)
{
  return plumb_profile_page_field_text (self, PLUMB_PROFILE_STATE);
}

void
plumb_profile_page_set_all_companies (PlumbProfilePage *self,
                                      gboolean          all)
{
  gtk_switch_set_active (self->all_companies_switch, all);
}

/* Life cycle */

static void
plumb_profile_page_constructed (GObject *object)
{
  PlumbProfilePage *self = PLUMB_PROFILE_PAGE (object);

  G_OBJECT_CLASS (plumb_profile_page_parent_class)->constructed (object);

  g_signal_connect_object (self->application, "notify::store", G_CALLBACK (plumb_profile_page_load), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "notify::company-id", G_CALLBACK (on_company_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "notify::sync-engine", G_CALLBACK (on_engine_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "directory-changed", G_CALLBACK (plumb_profile_page_load), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (plumb_application_get_companies (self->application), "items-changed",
                           G_CALLBACK (plumb_profile_page_update_companies), self, G_CONNECT_SWAPPED);
  on_engine_changed (self);
  plumb_profile_page_update_companies (self);
}

static void
plumb_profile_page_dispose (GObject *object)
{
  PlumbProfilePage *self = PLUMB_PROFILE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_handle_id (&self->load_idle, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLUMB_TYPE_PROFILE_PAGE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->application);

  G_OBJECT_CLASS (plumb_profile_page_parent_class)->dispose (object);
}

static void
plumb_profile_page_finalize (GObject *object)
{
  PlumbProfilePage *self = PLUMB_PROFILE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->iso, plumb_iso_codes_unref);
  g_clear_pointer (&self->record, json_object_unref);
  g_clear_pointer (&self->shown, json_object_unref);
  g_clear_pointer (&self->refusals, g_hash_table_unref);
  g_clear_pointer (&self->queued, g_ptr_array_unref);
  g_clear_pointer (&self->ops, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->dynamic_rows, g_ptr_array_unref);
  g_clear_pointer (&self->company_rows, g_ptr_array_unref);
  g_clear_object (&self->countries);
  g_clear_object (&self->states);
  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS; i++)
    {
      g_free (self->initial[i]);
      g_free (self->errors[i]);
    }
  g_free (self->suggestion);
  g_free (self->avatar_url);
  g_free (self->status_text);

  G_OBJECT_CLASS (plumb_profile_page_parent_class)->finalize (object);
}

static void
plumb_profile_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PlumbProfilePage *self = PLUMB_PROFILE_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    case PROP_HAS_UNSAVED_CHANGES:
      g_value_set_boolean (value, self->dirty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_profile_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PlumbProfilePage *self = PLUMB_PROFILE_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      self->application = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_profile_page_class_init (PlumbProfilePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = plumb_profile_page_constructed;
  object_class->dispose = plumb_profile_page_dispose;
  object_class->finalize = plumb_profile_page_finalize;
  object_class->get_property = plumb_profile_page_get_property;
  object_class->set_property = plumb_profile_page_set_property;

  widget_class->map = plumb_profile_page_map;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL, PLUMB_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_UNSAVED_CHANGES] =
    g_param_spec_boolean ("has-unsaved-changes", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plumbline/Plumbline/ui/plumb-profile-page.ui");
  for (guint i = 0; i < PLUMB_PROFILE_N_FIELDS; i++)
    {
      g_autofree char *row = g_strdup_printf ("%s_row", i == PLUMB_PROFILE_COUNTRY ? "country"
                                                         : plumb_profile_field_api_name (i));

      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (row), FALSE,
                                                 G_STRUCT_OFFSET (PlumbProfilePage, rows) + i * sizeof (gpointer));
    }
  {
    static const PlumbProfileField with_errors[] = {
      PLUMB_PROFILE_LAST_NAME, PLUMB_PROFILE_INITIALS, PLUMB_PROFILE_EMAIL,
      PLUMB_PROFILE_BUSINESS_PHONE, PLUMB_PROFILE_EXTENSION,
    };

    for (guint i = 0; i < G_N_ELEMENTS (with_errors); i++)
      {
        g_autofree char *row = g_strdup_printf ("%s_error", plumb_profile_field_api_name (with_errors[i]));

        gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (row), FALSE,
                                                   G_STRUCT_OFFSET (PlumbProfilePage, error_rows) +
                                                   with_errors[i] * sizeof (gpointer));
      }
  }
  gtk_widget_class_bind_template_child (widget_class, PlumbProfilePage, country_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlumbProfilePage, state_code_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlumbProfilePage, photo_well);
  gtk_widget_class_bind_template_child (widget_class, PlumbProfilePage, conflicts_group);
  gtk_widget_class_bind_template_child (widget_class, PlumbProfilePage, companies_group);
  gtk_widget_class_bind_template_child (widget_class, PlumbProfilePage, all_companies_row);
  gtk_widget_class_bind_template_child (widget_class, PlumbProfilePage, all_companies_switch);
  gtk_widget_class_bind_template_child (widget_class, PlumbProfilePage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, PlumbProfilePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PlumbProfilePage, update_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_country_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_state_code_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_photo_changed);

  gtk_widget_class_install_action (widget_class, "profile.update", NULL, update_action);
  gtk_widget_class_install_action (widget_class, "profile.discard", NULL, discard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "profile.update", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (PLUMB_TYPE_PHOTO_WELL);
}

static void
plumb_profile_page_init (PlumbProfilePage *self)
{
  GtkWidget *initials;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->refusals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->dynamic_rows = g_ptr_array_new ();
  self->company_rows = g_ptr_array_new ();
  self->conflicts = g_ptr_array_new_with_free_func (conflict_choice_free);
  plumb_profile_page_setup_choosers (self);

  /* Procore takes three characters at most. */
  initials = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->rows[PLUMB_PROFILE_INITIALS])));
  if (GTK_IS_TEXT (initials))
    gtk_text_set_max_length (GTK_TEXT (initials), PLUMB_INITIALS_MAX);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.update", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.discard", FALSE);
  plumb_profile_page_set_status (self, _("Reading your profile…"), NULL);
}
