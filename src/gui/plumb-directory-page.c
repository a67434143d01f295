/* plumb-directory-page.c: every person of the company, and their invitations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plumb-add-person-dialog.h"
#include "plumb-directory-export.h"
#include "plumb-directory-page-private.h"
#include "plumb-invitation.h"
#include "plumb-permissions.h"

G_DEFINE_FINAL_TYPE (PlumbDirectoryPage, plumb_directory_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_APPLICATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
plumb_directory_page_new (PlumbApplication *application)
{
  return g_object_new (PLUMB_TYPE_DIRECTORY_PAGE,
                       "application", application,
                       NULL);
}

PlumbDirectoryModel *
plumb_directory_page_get_model (PlumbDirectoryPage *self)
{
  g_return_val_if_fail (PLUMB_IS_DIRECTORY_PAGE (self), NULL);

  return self->model;
}

/* "loading", "empty", "no-match" or "list" */
const char *
plumb_directory_page_get_state (PlumbDirectoryPage *self)
{
  g_return_val_if_fail (PLUMB_IS_DIRECTORY_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
plumb_directory_page_get_banner (PlumbDirectoryPage *self)
{
  g_return_val_if_fail (PLUMB_IS_DIRECTORY_PAGE (self), NULL);

  return gtk_revealer_get_reveal_child (self->banner_revealer) ? self->banner_text : NULL;
}

const char *
plumb_directory_page_get_count_text (PlumbDirectoryPage *self)
{
  g_return_val_if_fail (PLUMB_IS_DIRECTORY_PAGE (self), NULL);

  return gtk_label_get_label (self->count_label);
}

void
plumb_directory_page_show_banner (PlumbDirectoryPage *self,
             const char         *text,
             gboolean            warning)
{
  g_free (self->banner_text);
  self->banner_text = g_strdup (text);
  gtk_label_set_label (self->banner_label, text);
  if (warning)
    gtk_widget_add_css_class (self->banner, "warning");
  else
    gtk_widget_remove_css_class (self->banner, "warning");
  gtk_revealer_set_reveal_child (self->banner_revealer, text != NULL);
}

static void
on_banner_close (PlumbDirectoryPage *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static PlumbPermissions *
get_permissions (PlumbDirectoryPage *self)
{
  return plumb_application_get_permissions (self->application);
}

gboolean
plumb_directory_page_can_invite (PlumbDirectoryPage *self)
{
  PlumbPermissions *permissions = get_permissions (self);

  return permissions != NULL && plumb_permissions_can_invite (permissions);
}

/* The tooltip of an insensitive Invite button: what is missing, or why the
 * rule cannot be checked yet. */
char *
plumb_directory_page_dup_cannot_invite_reason (PlumbDirectoryPage *self)
{
  PlumbPermissions *permissions = get_permissions (self);

  if (permissions == NULL)
    return g_strdup (_("Your permissions in this company have not been read yet. They are read at the next sync."));

  return plumb_permissions_dup_missing_sentence (permissions, FALSE);
}

static void
update_count (PlumbDirectoryPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint total = plumb_directory_model_get_total (self->model);
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u person", "%'u people", total), total);
  else
    /* Translators: “37 of 250 people” */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u person", "%'u of %'u people", total),
                            shown, total);

  gtk_label_set_label (self->count_label, text);
}

static void
update_state (PlumbDirectoryPage *self)
{
  const char *state;

  if (!plumb_directory_model_get_loaded (self->model))
    state = "loading";
  else if (plumb_directory_model_get_total (self->model) == 0)
    state = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    state = "no-match";
  else
    state = "list";

  if (g_str_equal (state, "no-match"))
    {
      const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
      g_autofree char *description = NULL;

      if (*search != '\0')
        /* Translators: %s is what was typed in the search field */
        description = g_strdup_printf (_("Nobody matches “%s” with this filter. Check the spelling, try part of a name or an email, or show everyone."), search);
      else
        description = g_strdup (_("Nobody is in this group right now. Choose another filter to see more people."));
      adw_status_page_set_description (self->no_match_page, description);
    }

  gtk_stack_set_visible_child_name (self->stack, state);
  update_count (self);
}

static void
update_selection_button (PlumbDirectoryPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n = gtk_bitset_get_size (selected);
  g_autofree char *label = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->invite_selected_button), n > 1);
  if (n <= 1)
    return;

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Invite %u Selected Person", "Invite %u Selected People", n),
                           (guint) n);
  gtk_button_set_label (self->invite_selected_button, label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->invite_selected_button), plumb_directory_page_can_invite (self));
  if (!plumb_directory_page_can_invite (self))
    {
      g_autofree char *reason = plumb_directory_page_dup_cannot_invite_reason (self);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->invite_selected_button), reason);
    }
}

static void
on_search_changed (PlumbDirectoryPage *self)
{
  /* Rows are reused for whoever matches now: a selection would move to
   * other people, so a new search starts without one. */
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  plumb_directory_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_filter_changed (PlumbDirectoryPage *self)
{
  static const PlumbInvitationFilter filters[] = {
    PLUMB_INVITATION_FILTER_ALL,
    PLUMB_INVITATION_FILTER_NOT_INVITED,
    PLUMB_INVITATION_FILTER_INVITED,
    PLUMB_INVITATION_FILTER_SIGNED_IN,
  };
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));

  if (selected < G_N_ELEMENTS (filters))
    plumb_directory_model_set_filter (self->model, filters[selected]);
}

static void
add_detail_row (PlumbDirectoryPage *self,
                const char         *title,
                const char         *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (self->details_fields, row);
  g_ptr_array_add (self->details_rows, row);
}

static char *
json_string (JsonObject *object,
             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_string (json_node_get_object (node), "name");

  return NULL;
}

static void
details_record_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlumbDirectoryPage) self = user_data;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  static const struct { const char *member; const char *title; } fields[] = {
    { "email_address", N_("Email") },
    { "business_phone", N_("Business Phone") },
    { "business_phone_extension", N_("Ext.") },
    { "mobile_phone", N_("Mobile Phone") },
    { "address", N_("Address") },
    { "city", N_("City") },
    { "zip", N_("Post Code") },
    { "state_code", N_("State/Province") },
    { "country_code", N_("Country") },
    { "vendor", N_("Company") },
    { "permission_template", N_("Permission Template") },
    { "employee_id", N_("Employee ID") },
    { "is_employee", N_("Employee of This Company") },
    { "created_at", N_("Added") },
    { "last_login_at", N_("Last Sign-In") },
  };

  record = plumb_store_get_user_finish (PLUMB_STORE (object), result, &error);
  if (record == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_detail_row (self, _("Record"), error->message);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = json_string (record, fields[i].member);

      add_detail_row (self, _(fields[i].title), value);
    }
}

void
plumb_directory_page_show_details (PlumbDirectoryPage *self,
                                   gint64              id)
{
  g_autoptr(PlumbDirectoryItem) item = NULL;
  g_autofree char *schedule = NULL;
  g_autofree char *job = NULL;
  guint position;

  g_return_if_fail (PLUMB_IS_DIRECTORY_PAGE (self));

  position = plumb_directory_model_find (self->model, id);
  if (position == G_MAXUINT)
    return;

  item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  self->details_id = id;

  adw_avatar_set_text (self->details_avatar, plumb_directory_item_get_name (item));
  gtk_label_set_label (self->details_name, plumb_directory_item_get_name (item));
  if (*plumb_directory_item_get_vendor (item) != '\0')
    /* Translators: a job title, then a company: “Estimator at Acme Concrete” */
    job = g_strdup_printf (_("%s at %s"), plumb_directory_item_get_job_title (item), plumb_directory_item_get_vendor (item));
  else
    job = g_strdup (plumb_directory_item_get_job_title (item));
  gtk_label_set_label (self->details_job, job);
  gtk_widget_set_visible (GTK_WIDGET (self->details_job), *job != '\0');

  gtk_button_set_label (self->details_invite, plumb_directory_item_get_button_label (item));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "directory.invite-details", plumb_directory_page_can_invite (self));

  if (plumb_directory_item_get_pending_invite (item))
    schedule = g_strdup (_("An invitation is waiting to be sent at the next sync."));
  else
    schedule = plumb_directory_item_dup_schedule (item);
  gtk_label_set_label (self->details_schedule, schedule);

  for (guint i = 0; i < self->details_rows->len; i++)
    adw_preferences_group_remove (self->details_fields, g_ptr_array_index (self->details_rows, i));
  g_ptr_array_set_size (self->details_rows, 0);

  plumb_store_get_user_async (plumb_application_get_store (self->application),
                              plumb_application_get_company_id (self->application), id,
                              self->cancellable, details_record_cb, g_object_ref (self));
  adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
on_row_activated (PlumbDirectoryPage *self,
                  guint               position)
{
  g_autoptr(PlumbDirectoryItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item != NULL)
    plumb_directory_page_show_details (self, plumb_directory_item_get_id (item));
}

static void
close_details_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlumbDirectoryPage *self = PLUMB_DIRECTORY_PAGE (widget);

  adw_flap_set_reveal_flap (self->flap, FALSE);
  self->details_id = 0;
}

static void
show_everyone_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlumbDirectoryPage *self = PLUMB_DIRECTORY_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->filter_dropdown, 0);
  plumb_directory_model_set_search (self->model, "");
  plumb_directory_model_set_filter (self->model, PLUMB_INVITATION_FILTER_ALL);
}

typedef struct
{
  PlumbDirectoryPage *self;
  GArray             *ids;
} InviteData;

static void
invite_data_free (InviteData *data)
{
  g_clear_object (&data->self);
  g_array_unref (data->ids);
  g_free (data);
}

static void
invite_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  InviteData *data = user_data;
  PlumbDirectoryPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;

  outcomes = plumb_application_invite_finish (PLUMB_APPLICATION (object), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  if (outcomes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        plumb_directory_page_show_banner (self, error->message, TRUE);
      invite_data_free (data);
      return;
    }

  {
    g_autofree char *summary = plumb_invite_outcomes_summary (outcomes);

    plumb_directory_page_show_banner (self, summary, plumb_invite_outcomes_any_failed (outcomes));
  }
  if (self->details_id != 0)
    plumb_directory_page_show_details (self, self->details_id);
  invite_data_free (data);
}

static void
invite_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  PlumbDirectoryPage *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, total ? (double) done / total : 1.0);
}

static void
start_invite (PlumbDirectoryPage *self,
              GArray             *ids)
{
  InviteData *data = g_new0 (InviteData, 1);

  data->self = g_object_ref (self);
  data->ids = g_array_ref (ids);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), ids->len > 1);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  plumb_application_invite_async (self->application, (const gint64 *) ids->data, ids->len,
                                  invite_progress, self, self->cancellable, invite_done_cb, data);
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  InviteData *data = user_data;

  if (g_strcmp0 (response, "invite") == 0)
    start_invite (data->self, data->ids);
  invite_data_free (data);
}

void
plumb_directory_page_invite_ids (PlumbDirectoryPage *self,
            const gint64       *ids,
            guint               n_ids,
            gboolean            confirm_many)
{
  g_autoptr(GArray) array = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);

  if (n_ids == 0)
    return;

  if (!plumb_directory_page_can_invite (self))
    {
      g_autofree char *reason = plumb_directory_page_dup_cannot_invite_reason (self);

      plumb_directory_page_show_banner (self, reason, TRUE);
      return;
    }

  g_array_append_vals (array, ids, n_ids);

  if (confirm_many && n_ids > 1)
    {
      InviteData *data = g_new0 (InviteData, 1);
      g_autofree char *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Invite %u Person?", "Invite %u People?", n_ids), n_ids);
      GtkWidget *dialog;

      data->self = g_object_ref (self);
      data->ids = g_array_ref (array);
      dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                       _("Each person gets a “Welcome to Procore” email from procoretech.com, and follow-ups after 3, 7 and 14 days until they sign in. People invited before get the email again."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "invite", _("_Invite"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "invite", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "invite");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), data);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  start_invite (self, array);
}

static void
invite_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlumbDirectoryPage *self = PLUMB_DIRECTORY_PAGE (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(PlumbDirectoryItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
      gint64 id;

      if (item == NULL)
        continue;
      id = plumb_directory_item_get_id (item);
      g_array_append_val (ids, id);
    }

  plumb_directory_page_invite_ids (self, (const gint64 *) ids->data, ids->len, TRUE);
}

static void
invite_details_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlumbDirectoryPage *self = PLUMB_DIRECTORY_PAGE (widget);

  if (self->details_id != 0)
    plumb_directory_page_invite_ids (self, &self->details_id, 1, FALSE);
}

static void
add_person_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlumbDirectoryPage *self = PLUMB_DIRECTORY_PAGE (widget);
  GtkWindow *dialog;

  if (!plumb_directory_page_can_invite (self))
    {
      g_autofree char *reason = plumb_directory_page_dup_cannot_invite_reason (self);

      plumb_directory_page_show_banner (self, reason, TRUE);
      return;
    }

  dialog = plumb_add_person_dialog_new (self->application);
  gtk_window_set_transient_for (dialog, GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (dialog);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PlumbDirectoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n;

  n = plumb_directory_export_csv_finish (result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        plumb_directory_page_show_banner (self, error->message, TRUE);
      return;
    }

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u person", "Exported %u people", n), n);
  plumb_directory_page_show_banner (self, message, FALSE);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  PlumbDirectoryPage *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      plumb_directory_export_csv_async (G_LIST_MODEL (self->model), file, self->cancellable,
                                        export_done_cb, g_object_ref (self));
    }

  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlumbDirectoryPage *self = PLUMB_DIRECTORY_PAGE (widget);
  GtkFileChooserNative *chooser;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  chooser = gtk_file_chooser_native_new (_("Export People"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("people.csv"));
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (PLUMB_DIRECTORY_PAGE (widget)->search_entry));
}

static void
update_offline_banner (PlumbDirectoryPage *self)
{
  g_autofree char *since = NULL;

  if (plumb_application_get_online (self->application))
    {
      if (self->banner_text != NULL && gtk_widget_has_css_class (self->banner, "offline"))
        {
          gtk_widget_remove_css_class (self->banner, "offline");
          gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
        }
      return;
    }

  since = plumb_application_dup_last_sync_text (self->application);
  plumb_directory_page_show_banner (self, since, TRUE);
  gtk_widget_add_css_class (self->banner, "offline");
}

static void
on_directory_changed (PlumbDirectoryPage *self)
{
  g_autoptr(GDateTime) now = plumb_application_dup_server_now (self->application);

  /* A sync may finish before there is a store to show. */
  if (self->model == NULL)
    return;

  plumb_directory_model_set_now (self->model, now);
  plumb_directory_model_set_pending_invites (self->model,
                                             plumb_application_get_pending_invites (self->application),
                                             plumb_application_get_n_pending_invites (self->application));
  plumb_directory_model_reload (self->model);
}

static void
rebuild_model (PlumbDirectoryPage *self)
{
  PlumbStore *store = plumb_application_get_store (self->application);
  gint64 company_id = plumb_application_get_company_id (self->application);
  g_autoptr(PlumbDirectoryModel) model = NULL;

  if (store == NULL || company_id == 0)
    return;

  model = plumb_directory_model_new (store, company_id);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);

  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loaded", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::total", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);

  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  on_search_changed (self);
  on_filter_changed (self);
  plumb_directory_page_update_sort (self);
  on_directory_changed (self);
  update_state (self);
}

static void
on_permissions_changed (PlumbDirectoryPage *self)
{
  /* Rebinding every visible row shows the buttons' new sensitivity. */
  if (self->model != NULL)
    g_list_model_items_changed (G_LIST_MODEL (self->model), 0,
                                g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                                g_list_model_get_n_items (G_LIST_MODEL (self->model)));
  update_selection_button (self);
}

static void
plumb_directory_page_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  gtk_widget_measure (PLUMB_DIRECTORY_PAGE (widget)->page_box, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
plumb_directory_page_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  PlumbDirectoryPage *self = PLUMB_DIRECTORY_PAGE (widget);
  guint narrow = width < 640 ? 2 : width < 1000 ? 1 : 0;

  gtk_widget_allocate (self->page_box, width, height, baseline, NULL);

  if (narrow != self->narrow && self->narrow_idle == 0)
    {
      self->narrow = narrow;
      self->narrow_idle = g_idle_add (plumb_directory_page_apply_narrow, self);
    }
}

static void
plumb_directory_page_constructed (GObject *object)
{
  PlumbDirectoryPage *self = PLUMB_DIRECTORY_PAGE (object);

  G_OBJECT_CLASS (plumb_directory_page_parent_class)->constructed (object);

  g_signal_connect_object (self->application, "notify::store", G_CALLBACK (rebuild_model), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "notify::company-id", G_CALLBACK (rebuild_model), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "notify::permissions", G_CALLBACK (on_permissions_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "notify::online", G_CALLBACK (update_offline_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "directory-changed", G_CALLBACK (on_directory_changed), self, G_CONNECT_SWAPPED);

  rebuild_model (self);
  update_offline_banner (self);
}

static void
plumb_directory_page_dispose (GObject *object)
{
  PlumbDirectoryPage *self = PLUMB_DIRECTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->narrow_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLUMB_TYPE_DIRECTORY_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->application);
  g_clear_pointer (&self->details_rows, g_ptr_array_unref);
  g_clear_pointer (&self->banner_text, g_free);

  G_OBJECT_CLASS (plumb_directory_page_parent_class)->dispose (object);
}

static void
plumb_directory_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PlumbDirectoryPage *self = PLUMB_DIRECTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_set_object (&self->application, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_directory_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PlumbDirectoryPage *self = PLUMB_DIRECTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_directory_page_class_init (PlumbDirectoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = plumb_directory_page_constructed;
  object_class->dispose = plumb_directory_page_dispose;
  object_class->get_property = plumb_directory_page_get_property;
  object_class->set_property = plumb_directory_page_set_property;

  widget_class->measure = plumb_directory_page_measure;
  widget_class->size_allocate = plumb_directory_page_size_allocate;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         PLUMB_TYPE_APPLICATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plumbline/Plumbline/ui/plumb-directory-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, page_box);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, banner);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, invite_selected_button);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, flap);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, details_avatar);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, details_name);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, details_job);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, details_invite);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, details_schedule);
  gtk_widget_class_bind_template_child (widget_class, PlumbDirectoryPage, details_fields);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_close);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "directory.add-person", NULL, add_person_action);
  gtk_widget_class_install_action (widget_class, "directory.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "directory.invite-selected", NULL, invite_selected_action);
  gtk_widget_class_install_action (widget_class, "directory.invite-details", NULL, invite_details_action);
  gtk_widget_class_install_action (widget_class, "directory.close-details", NULL, close_details_action);
  gtk_widget_class_install_action (widget_class, "directory.show-everyone", NULL, show_everyone_action);

  gtk_widget_class_install_action (widget_class, "directory.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "directory.focus-search", NULL);

  
}

static void
plumb_directory_page_init (PlumbDirectoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->details_rows = g_ptr_array_new ();
  self->selection = gtk_multi_selection_new (NULL);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (update_selection_button),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  plumb_directory_page_build_columns (self);
}
