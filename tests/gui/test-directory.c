/* test-directory.c: the Directory page against the embedded sandbox, as each
 * kind of demo person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "plumb-add-person-dialog.h"
#include "plumb-application.h"
#include "plumb-directory-export.h"
#include "plumb-directory-page.h"
#include "plumb-screenshot.h"
#include "plumb-sync-status.h"
#include "plumb-window.h"
#include "plumb-test-gui.h"
#include "plumb-test-monitor.h"

static PlumbApplication *app;
static PlumbTestMonitor *monitor;

static PlumbWindow *
get_window (void)
{
  g_application_activate (G_APPLICATION (app));
  return PLUMB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static PlumbDirectoryPage *
get_page (void)
{
  GtkStack *stack = plumb_test_find_by_id (GTK_WIDGET (get_window ()), "content_stack");

  return PLUMB_DIRECTORY_PAGE (gtk_stack_get_child_by_name (stack, "directory"));
}

static gpointer
page_child (const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (get_page ()), PLUMB_TYPE_DIRECTORY_PAGE, name);
}

/* The sandbox, spoken to as a test harness does: plain HTTP. */
static JsonNode *
sandbox_call (const char *method,
              const char *path,
              const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (plumb_application_get_sandbox_url (app), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);

  return json_from_string (g_bytes_get_data (answer, NULL), &error);
}

static guint
count_mail (const char *to,
            const char *kind)
{
  g_autofree char *escaped = g_uri_escape_string (to, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/_sandbox/mailbox?to=%s", escaped);
  g_autoptr(JsonNode) mails = sandbox_call ("GET", path, NULL);
  JsonArray *array = json_node_get_array (mails);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, i), "kind"), kind) == 0)
      n++;

  return n;
}

typedef struct
{
  const char *to;
  guint       count;
} MailCount;

static gboolean
mail_reached (gpointer data)
{
  MailCount *mail = data;

  return count_mail (mail->to, "welcome") >= mail->count;
}

static PlumbSyncStatus *
sync_status (void)
{
  return PLUMB_SYNC_STATUS (plumb_test_find_by_id (GTK_WIDGET (get_window ()), "sync_status"));
}

static gboolean
page_shows_list (gpointer data)
{
  PlumbDirectoryPage *page = get_page ();

  return page != NULL && g_strcmp0 (plumb_directory_page_get_state (page), "list") == 0 &&
         !plumb_directory_model_get_loading (plumb_directory_page_get_model (page));
}

static gboolean
signed_in_as (gpointer data)
{
  PlumbAccount *account = plumb_application_get_account (app);

  return account != NULL && g_strcmp0 (plumb_account_get_login (account), data) == 0 &&
         plumb_application_get_permissions (app) != NULL;
}

static void
explored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (plumb_application_explore_sandbox_finish (PLUMB_APPLICATION (object), result, &error));
  g_assert_no_error (error);
}

static void
sign_in_as (const char *login)
{
  get_window ();
  plumb_application_explore_sandbox_as_async (app, login, NULL, explored_cb, NULL);
  plumb_test_wait_until (signed_in_as, (gpointer) login, 90000, login);
  plumb_window_show_section (get_window (), "directory");
  plumb_test_wait_until (page_shows_list, NULL, 90000, "the directory list");
}

static PlumbDirectoryItem *
first_item_with_filter (PlumbInvitationFilter filter)
{
  PlumbDirectoryModel *model = plumb_directory_page_get_model (get_page ());

  plumb_directory_model_set_filter (model, filter);
  plumb_test_wait_until (page_shows_list, NULL, 10000, "the filtered list");

  return g_list_model_get_item (G_LIST_MODEL (model), 0);
}

static gboolean
banner_says (gpointer data)
{
  const char *banner = plumb_directory_page_get_banner (get_page ());

  return banner != NULL && strstr (banner, data) != NULL;
}

static PlumbDirectoryItem *
item_by_id (gint64 id)
{
  PlumbDirectoryModel *model = plumb_directory_page_get_model (get_page ());
  guint position = plumb_directory_model_find (model, id);

  g_assert_cmpuint (position, !=, G_MAXUINT);
  return g_list_model_get_item (G_LIST_MODEL (model), position);
}

typedef struct { gint64 id; const char *text; } ItemText;

static gboolean
item_text_contains (gpointer data)
{
  ItemText *want = data;
  PlumbDirectoryModel *model = plumb_directory_page_get_model (get_page ());
  guint position = plumb_directory_model_find (model, want->id);
  g_autoptr(PlumbDirectoryItem) item = NULL;
  g_autofree char *text = NULL;

  if (position == G_MAXUINT || plumb_directory_model_get_loading (model))
    return FALSE;
  item = g_list_model_get_item (G_LIST_MODEL (model), position);
  text = plumb_directory_item_dup_invitation_text (item);

  return strstr (text, want->text) != NULL;
}

static void
reset_sandbox (void)
{
  g_autoptr(JsonNode) ignored = NULL;

  if (plumb_application_get_sandbox_url (app) != NULL)
    ignored = sandbox_call ("POST", "/_sandbox/reset", "{}");
}

static void
test_admin_invites (void)
{
  g_autoptr(PlumbDirectoryItem) person = NULL;
  g_autoptr(PlumbDirectoryItem) after = NULL;
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expected = NULL;
  ItemText invited;
  gint64 id;

  sign_in_as ("alex.morgan@northwind.example");
  reset_sandbox ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "sync-now", NULL);
  /* Items stand for positions, so what is needed of this one is read now. */
  person = first_item_with_filter (PLUMB_INVITATION_FILTER_NOT_INVITED);
  g_assert_nonnull (person);
  g_assert_cmpstr (plumb_directory_item_get_button_label (person), ==, "Invite");
  email = g_strdup (plumb_directory_item_get_email (person));
  name = g_strdup (plumb_directory_item_get_name (person));
  id = plumb_directory_item_get_id (person);
  g_assert_cmpuint (count_mail (email, "welcome"), ==, 0);

  plumb_directory_model_set_filter (plumb_directory_page_get_model (get_page ()), PLUMB_INVITATION_FILTER_ALL);
  plumb_test_wait_until (page_shows_list, NULL, 10000, "everyone");
  plumb_directory_page_show_details (get_page (), id);
  g_assert_cmpstr (gtk_button_get_label (page_child ("details_invite")), ==, "Invite");
  gtk_widget_activate_action (GTK_WIDGET (get_page ()), "directory.invite-details", NULL);

  /* The confirmation names the person and the address the email went to. */
  expected = g_strdup_printf ("A welcome email was sent to %s at %s.", name, email);
  plumb_test_wait_until (banner_says, expected, 90000, expected);
  g_assert_cmpuint (count_mail (email, "welcome"), ==, 1);

  invited.id = id;
  invited.text = "Invited today";
  plumb_test_wait_until (item_text_contains, &invited, 90000, "the row to say Invited today");
  after = item_by_id (invited.id);
  g_assert_cmpstr (plumb_directory_item_get_button_label (after), ==, "Re-invite");

  /* Four days on the sandbox clock: the first follow-up went out. */
  {
    g_autoptr(JsonNode) clock = sandbox_call ("POST", "/_sandbox/clock", "{\"advance_days\": 4}");
    g_autofree char *schedule = NULL;
    g_autoptr(PlumbDirectoryItem) later = NULL;

    g_action_group_activate_action (G_ACTION_GROUP (app), "sync-now", NULL);
    invited.text = "1 follow-up sent";
    plumb_test_wait_until (item_text_contains, &invited, 90000, "the row to show the follow-up");
    g_assert_cmpuint (count_mail (email, "follow-up"), ==, 1);
    later = item_by_id (invited.id);
    schedule = plumb_directory_item_dup_schedule (later);
    g_assert_nonnull (strstr (schedule, "Follow-up after 3 days"));
    g_assert_nonnull (strstr (schedule, "): sent"));
    plumb_directory_page_show_details (get_page (), invited.id);
    g_assert_nonnull (strstr (gtk_label_get_label (page_child ("details_schedule")), "Follow-up after 7 days"));
  }
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found)
        return found;
    }

  return NULL;
}

static void
test_without_permission (void)
{
  GtkWidget *button;
  const char *tooltip;

  sign_in_as ("jordan.lee@northwind.example");
  plumb_directory_model_set_filter (plumb_directory_page_get_model (get_page ()), PLUMB_INVITATION_FILTER_NOT_INVITED);
  plumb_test_wait_until (page_shows_list, NULL, 10000, "people not invited");
  plumb_screenshot_wait_for_frames (page_child ("column_view"), 3);

  button = find_button (GTK_WIDGET (page_child ("column_view")), "Invite");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  tooltip = gtk_widget_get_tooltip_text (button);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "Create and Edit Users"));

  /* Add Person says the same where it happened. */
  gtk_widget_activate_action (GTK_WIDGET (get_page ()), "directory.add-person", NULL);
  g_assert_nonnull (strstr (plumb_directory_page_get_banner (get_page ()), "Create and Edit Users"));
}

static void
test_bulk_and_add_person (void)
{
  PlumbDirectoryModel *model;
  GtkSelectionModel *selection;
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  guint before[3];

  sign_in_as ("sam.rivera@northwind.example");
  model = plumb_directory_page_get_model (get_page ());
  plumb_directory_model_set_filter (model, PLUMB_INVITATION_FILTER_NOT_INVITED);
  plumb_test_wait_until (page_shows_list, NULL, 10000, "people not invited");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >=, 3);

  selection = gtk_column_view_get_model (page_child ("column_view"));
  gtk_selection_model_select_range (selection, 0, 3, TRUE);
  g_assert_true (gtk_widget_get_visible (page_child ("invite_selected_button")));
  g_assert_cmpstr (gtk_button_get_label (page_child ("invite_selected_button")), ==, "Invite 3 Selected People");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PlumbDirectoryItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_ptr_array_add (emails, g_strdup (plumb_directory_item_get_email (item)));
      /* Another account's test may have invited them already: this store
       * may not have heard yet. What counts is one more email each. */
      before[i] = count_mail (plumb_directory_item_get_email (item), "welcome");
    }

  gtk_widget_activate_action (GTK_WIDGET (get_page ()), "directory.invite-selected", NULL);
  {
    AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (plumb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Invite 3 People?");
    adw_message_dialog_response (dialog, "invite");
  }
  plumb_test_wait_until (banner_says, (gpointer) "3 welcome emails sent.", 90000, "the bulk summary");
  for (guint i = 0; i < emails->len; i++)
    g_assert_cmpuint (count_mail (g_ptr_array_index (emails, i), "welcome"), ==, before[i] + 1);

  /* Add and invite. */
  gtk_widget_activate_action (GTK_WIDGET (get_page ()), "directory.add-person", NULL);
  {
    GtkWindow *dialog = plumb_test_find_toplevel (PLUMB_TYPE_ADD_PERSON_DIALOG);
    GtkWidget *dialog_widget = GTK_WIDGET (dialog);
    GType type = G_OBJECT_TYPE (dialog);

    g_assert_nonnull (dialog);
    gtk_editable_set_text ((GtkEditable *) gtk_widget_get_template_child (dialog_widget, type, "first_name_row"), "Quinn");
    gtk_editable_set_text ((GtkEditable *) gtk_widget_get_template_child (dialog_widget, type, "last_name_row"), "Okonkwo-Berg");
    gtk_editable_set_text ((GtkEditable *) gtk_widget_get_template_child (dialog_widget, type, "email_row"), "quinn.okonkwo@newhire.example");
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add-invite"));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add-invite");
  }
  {
    MailCount sent = { "quinn.okonkwo@newhire.example", 1 };

    plumb_test_wait_until (mail_reached, &sent, 90000, "the new person's welcome email");
  }
  g_assert_cmpuint (count_mail ("quinn.okonkwo@newhire.example", "welcome"), ==, 1);
}

static void
test_export_csv (void)
{
  PlumbDirectoryModel *model;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  sign_in_as ("alex.morgan@northwind.example");
  model = plumb_directory_page_get_model (get_page ());
  plumb_directory_model_set_filter (model, PLUMB_INVITATION_FILTER_SIGNED_IN);
  plumb_test_wait_until (page_shows_list, NULL, 10000, "signed-in people");

  csv = plumb_directory_to_csv (G_LIST_MODEL (model), &n);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (G_LIST_MODEL (model)));
  g_assert_cmpuint (g_strv_length (lines), ==, n + 2);
  g_assert_true (g_str_has_prefix (lines[0], "Name,Email,Job Title,Company,Permissions,Last Sign-In,Invitation"));
  g_assert_nonnull (strstr (lines[1], "Signed in"));
  {
    g_autofree char *quoted = plumb_directory_csv_field ("Smith, \"Jr\"");
    g_autofree char *formula = plumb_directory_csv_field ("=cmd()");

    g_assert_cmpstr (quoted, ==, "\"Smith, \"\"Jr\"\"\"");
    g_assert_cmpstr (formula, ==, "'=cmd()");
  }
}

static void
test_offline_queue (void)
{
  g_autoptr(PlumbDirectoryItem) person = NULL;
  g_autofree char *email = NULL;
  ItemText waiting;
  MailCount sent;
  guint before;
  gint64 id;

  sign_in_as ("alex.morgan@northwind.example");
  person = first_item_with_filter (PLUMB_INVITATION_FILTER_NOT_INVITED);
  email = g_strdup (plumb_directory_item_get_email (person));
  id = plumb_directory_item_get_id (person);
  /* Another test's account may have invited this person already. */
  before = count_mail (email, "welcome");
  plumb_directory_model_set_filter (plumb_directory_page_get_model (get_page ()), PLUMB_INVITATION_FILTER_ALL);

  plumb_test_monitor_set_online (monitor, FALSE);
  plumb_test_wait_until (banner_says, (gpointer) "Offline", 10000, "the offline banner");
  g_assert_cmpstr (plumb_sync_status_get_text (sync_status ()), ==, "Offline");

  plumb_directory_page_show_details (get_page (), id);
  gtk_widget_activate_action (GTK_WIDGET (get_page ()), "directory.invite-details", NULL);
  plumb_test_wait_until (banner_says, (gpointer) "waiting to be sent", 60000, "the queued confirmation");
  waiting.id = id;
  waiting.text = "Invitation waiting to be sent";
  plumb_test_wait_until (item_text_contains, &waiting, 60000, "the row to say it waits");
  g_assert_cmpuint (count_mail (email, "welcome"), ==, before);
  /* The header says what waits. */
  g_assert_cmpstr (plumb_sync_status_get_text (sync_status ()), ==, "Offline, 1 change waiting");

  /* Back online, it goes out at the next sync: the engine starts one by
   * itself (tests/sync checks that), and Sync Now asks for it at once. */
  plumb_test_monitor_set_online (monitor, TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (app), "sync-now", NULL);
  sent.to = email;
  sent.count = before + 1;
  plumb_test_wait_until (mail_reached, &sent, 90000, "the welcome email");
  waiting.text = "Invited today";
  plumb_test_wait_until (item_text_contains, &waiting, 90000, "the row to say Invited today");
  g_assert_cmpuint (count_mail (email, "welcome"), ==, before + 1);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dirs = NULL;
  int status;

  dirs = plumb_test_gui_init (&argc, &argv);

  app = plumb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));
  monitor = plumb_test_monitor_new (TRUE);
  plumb_application_set_network_monitor (app, G_NETWORK_MONITOR (monitor));

  g_test_add_func ("/directory/admin-invites", test_admin_invites);
  g_test_add_func ("/directory/without-permission", test_without_permission);
  g_test_add_func ("/directory/bulk-and-add-person", test_bulk_and_add_person);
  g_test_add_func ("/directory/export-csv", test_export_csv);
  g_test_add_func ("/directory/offline-queue", test_offline_queue);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  g_clear_object (&monitor);

  plumb_test_remove_tree (dirs);
  return status;
}
