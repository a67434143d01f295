/* test-certification.c: each demo learner's path through the relinking wizard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window signs in to the embedded sandbox as the demo person of each
 * case (HACKING.md) and walks the wizard the way a person clicks through it,
 * to the ending that case must reach.
 */

#include "config.h"

#include <gtk/gtk.h>
#include <gtk/gtktestatcontext.h>
#include <libsoup/soup.h>
#include <string.h>

#include "plumb-application.h"
#include "plumb-certification-page.h"
#include "plumb-welcome-page.h"
#include "plumb-window.h"
#include "plumb-test-gui.h"
#include "plumb-test-procs.h"

#define PASSWORD "certify-demo"
#define NEW_PASSWORD "harbor-lights-2026"

static PlumbApplication *app;

static PlumbWindow *
get_window (void)
{
  g_application_activate (G_APPLICATION (app));
  return PLUMB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static gpointer
window_child (const char *name)
{
  return plumb_test_find_by_id (GTK_WIDGET (get_window ()), name);
}

static gpointer
welcome_child (const char *name)
{
  return plumb_test_find_by_id (window_child ("welcome"), name);
}

static PlumbCertificationPage *
page (void)
{
  GtkWidget *child = gtk_stack_get_child_by_name (window_child ("content_stack"), "certification");

  g_assert_nonnull (child);
  return PLUMB_CERTIFICATION_PAGE (child);
}

static gpointer
child (const char *name)
{
  gpointer widget = gtk_widget_get_template_child (GTK_WIDGET (page ()), PLUMB_TYPE_CERTIFICATION_PAGE, name);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
signed_in (gpointer data)
{
  PlumbAccount *account = plumb_application_get_account (app);

  return account != NULL && plumb_application_get_company_id (app) != 0 &&
         g_strcmp0 (plumb_account_get_login (account), data) == 0;
}

static gboolean
signed_out (gpointer data)
{
  return plumb_application_get_account (app) == NULL;
}

static gboolean
welcome_on_step (gpointer data)
{
  return g_strcmp0 (plumb_welcome_page_get_step (window_child ("welcome")), data) == 0;
}

static void
sandbox_post (const char *path,
              const char *json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (plumb_application_get_sandbox_url (app), path, NULL);

  plumb_test_post_json (session, url, json);
}

/* What a browser does with the sandbox's sign-in page for @login. */
static char *
approve_in_browser (const char *authorize_url,
                    const char *login)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) target = NULL;
  g_autofree char *escaped = g_uri_escape_string (login, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s&login_hint=%s", authorize_url, escaped);

  msg = soup_message_new ("GET", url);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
  target = g_uri_parse_relative (soup_message_get_uri (msg),
                                 soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"),
                                 G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  return g_uri_to_string (target);
}

static gboolean
has_authorize_url (gpointer data)
{
  return plumb_welcome_page_get_authorize_url (data) != NULL;
}

/* Signs the window in as @login on a fresh sandbox and opens Certification. */
static void
open_as (const char *login)
{
  GtkWidget *welcome = window_child ("welcome");
  g_autofree char *code_page = NULL;

  if (plumb_application_get_account (app) != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "sign-out", NULL);
  plumb_test_wait_until (signed_out, NULL, 10000, "sign-out");

  g_settings_set_string (plumb_application_get_settings (app), "environment", "embedded-sandbox");
  gtk_widget_activate_action (welcome, "welcome.sign-in", NULL);
  gtk_editable_set_text (welcome_child ("client_id_row"), "plumbline-demo");
  gtk_editable_set_text (welcome_child ("client_secret_row"), "plumbline-demo-secret");
  gtk_widget_activate_action (welcome, "welcome.open-browser", NULL);
  plumb_test_wait_until (welcome_on_step, (gpointer) "code", 30000, "the code step");
  plumb_test_wait_until (has_authorize_url, welcome, 30000, "the sign-in page");
  sandbox_post ("/_sandbox/reset", "{}");
  code_page = approve_in_browser (plumb_welcome_page_get_authorize_url (PLUMB_WELCOME_PAGE (welcome)), login);
  gtk_editable_set_text (welcome_child ("code_row"), code_page);
  gtk_widget_activate_action (welcome, "welcome.finish", NULL);
  plumb_test_wait_until (signed_in, (gpointer) login, 30000, "the sign-in");

  plumb_window_show_section (get_window (), "certification");
  g_assert_cmpstr (plumb_window_get_section (get_window ()), ==, "certification");
  gtk_widget_activate_action (GTK_WIDGET (page ()), "cert.restart", NULL);
  g_assert_cmpstr (plumb_certification_page_get_step (page ()), ==, "start");
}

static gboolean
idle (gpointer data)
{
  return !plumb_certification_page_get_busy (page ());
}

/* Activates @action as its button would and waits for the portal's answer. */
static void
press (const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page ()), action, NULL));
  plumb_test_wait_until (idle, NULL, 30000, action);
}

static void
assert_step (const char *step)
{
  g_assert_cmpstr (plumb_certification_page_get_step (page ()), ==, step);
}

static void
type (const char *row,
      const char *text)
{
  gtk_editable_set_text (child (row), text);
}

static const char *
error_text (const char *label)
{
  g_assert_true (gtk_widget_get_visible (child (label)));
  return gtk_label_get_label (child (label));
}

static guint
n_rows (const char *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (child (list), n) != NULL)
    n++;
  return n;
}

static void
answer (gboolean can_sign_in,
        gboolean changed)
{
  gtk_check_button_set_active (child ("mode_me"), TRUE);
  gtk_toggle_button_set_active (child (can_sign_in ? "can_sign_in_yes" : "can_sign_in_no"), TRUE);
  gtk_toggle_button_set_active (child (changed ? "changed_yes" : "changed_no"), TRUE);
}

/* The "Use This Link" button of the newest reset email shown. */
static void
use_newest_link (void)
{
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (child ("mailbox_list"), 0));
  GtkWidget *widget = row;
  GVariant *target;

  g_assert_nonnull (row);
  while (widget != NULL && !GTK_IS_BUTTON (widget))
    widget = gtk_widget_get_last_child (widget);
  g_assert_nonnull (widget);
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  g_assert_nonnull (target);
  g_assert_nonnull (strstr (g_variant_get_string (target, NULL), "/certification/reset?token="));
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (page ()), "cert.use-link", target));
  g_assert_cmpstr (gtk_editable_get_text (child ("reset_link_row")), ==, g_variant_get_string (target, NULL));
}

static void
assert_summary_clean (const char *must_contain)
{
  g_autofree char *summary = plumb_certification_page_dup_summary (page ());

  g_assert_nonnull (strstr (summary, must_contain));
  g_assert_null (strstr (summary, PASSWORD));
  g_assert_null (strstr (summary, NEW_PASSWORD));
  g_assert_null (strstr (summary, "token="));
}

static void
test_scenario_1 (void)
{
  open_as ("alex.morgan@northwind.example");
  g_assert_false (gtk_widget_is_sensitive (child ("back_button")));

  /* The first question decides; without an answer there is nothing to find. */
  press ("cert.find-scenario");
  g_assert_nonnull (strstr (error_text ("start_error"), "first question"));

  answer (TRUE, FALSE);
  press ("cert.find-scenario");
  assert_step ("scenario");
  g_assert_cmpint (plumb_certification_page_get_scenario (page ()), ==, 1);
  g_assert_cmpuint (n_rows ("plan_list"), ==, 3);

  press ("cert.begin");
  assert_step ("sign-in");
  type ("sign_in_email_row", "alex.morgan.home@example.com");
  type ("sign_in_password_row", "not-the-password");
  press ("cert.sign-in");
  assert_step ("sign-in");
  g_assert_nonnull (strstr (error_text ("sign_in_error"), "not right"));

  /* Back goes to the scenario, and forward again. */
  press ("cert.back");
  assert_step ("scenario");
  press ("cert.begin");
  type ("sign_in_email_row", "alex.morgan.home@example.com");
  type ("sign_in_password_row", PASSWORD);
  press ("cert.sign-in");
  assert_step ("profile");
  /* The Procore sign-in email comes from the signed-in account. */
  g_assert_cmpstr (adw_action_row_get_subtitle (child ("profile_target_row")), ==, "alex.morgan@northwind.example");
  g_assert_cmpstr (adw_action_row_get_subtitle (child ("profile_current_row")), ==, "alex.morgan.home@example.com");

  press ("cert.update-email");
  assert_step ("proof");
  g_assert_cmpstr (plumb_certification_page_get_ending (page ()), ==, "relinked");
  g_assert_cmpuint (n_rows ("registrations_list"), ==, 3);
  g_assert_true (gtk_widget_get_visible (child ("proof_group")));
  assert_summary_clean ("Relinked");
  assert_summary_clean ("alex.morgan.home@example.com");
  assert_summary_clean ("Sign in to the education portal");
}

static void
test_scenario_2 (void)
{
  open_as ("sam.rivera@northwind.example");
  answer (FALSE, TRUE);
  press ("cert.find-scenario");
  assert_step ("scenario");
  g_assert_cmpint (plumb_certification_page_get_scenario (page ()), ==, 2);
  g_assert_cmpuint (n_rows ("plan_list"), ==, 5);

  press ("cert.begin");
  assert_step ("request-reset");
  type ("reset_email_row", "sam.rivera@old-employer.example");
  press ("cert.request-reset");
  assert_step ("request-reset");
  g_assert_nonnull (strstr (error_text ("request_error"), "No Procore Certification account uses"));

  type ("reset_email_row", "sam.rivera@baylinegc.example");
  press ("cert.request-reset");
  assert_step ("reset-link");
  g_assert_true (gtk_widget_get_visible (child ("mailbox_group")));
  press ("cert.show-mailbox");
  g_assert_cmpuint (n_rows ("mailbox_list"), ==, 1);
  use_newest_link ();

  /* The two passwords must agree before anything is sent. */
  type ("new_password_row", NEW_PASSWORD);
  type ("confirm_password_row", "harbor-lights-2025");
  press ("cert.set-password");
  assert_step ("reset-link");
  g_assert_nonnull (strstr (error_text ("reset_error"), "differ"));
  type ("confirm_password_row", NEW_PASSWORD);
  press ("cert.set-password");
  assert_step ("sign-in");
  g_assert_cmpstr (gtk_editable_get_text (child ("sign_in_email_row")), ==, "sam.rivera@baylinegc.example");

  press ("cert.sign-in");
  assert_step ("profile");
  press ("cert.update-email");
  assert_step ("proof");
  g_assert_cmpstr (plumb_certification_page_get_ending (page ()), ==, "relinked");
  g_assert_cmpuint (n_rows ("registrations_list"), ==, 2);
  assert_summary_clean ("Set a new password");
}

static void
test_in_sync (void)
{
  open_as ("jordan.lee@northwind.example");
  answer (TRUE, FALSE);
  press ("cert.find-scenario");
  assert_step ("proof");
  g_assert_cmpstr (plumb_certification_page_get_ending (page ()), ==, "in-sync");
  g_assert_cmpint (plumb_certification_page_get_scenario (page ()), ==, 0);
  g_assert_cmpuint (n_rows ("registrations_list"), ==, 1);
  g_assert_cmpstr (gtk_label_get_label (child ("proof_title")), ==, "Already in Sync");
}

static void
test_wrong_portal (void)
{
  open_as ("riley.chen@northwind.example");
  answer (TRUE, FALSE);
  press ("cert.find-scenario");
  assert_step ("scenario");
  press ("cert.begin");
  type ("sign_in_email_row", "riley.chen@northwind.example");
  type ("sign_in_password_row", PASSWORD);
  press ("cert.sign-in");
  assert_step ("ending");
  g_assert_cmpstr (plumb_certification_page_get_ending (page ()), ==, "wrong-portal");
  g_assert_nonnull (strstr (gtk_label_get_label (child ("ending_text")), "Authorized via: Procore"));
  g_assert_true (gtk_widget_get_visible (child ("ending_other_button")));
  g_assert_true (gtk_widget_get_visible (child ("ending_reset_button")));

  /* From here: another email, or the reset. */
  press ("cert.other-email");
  assert_step ("sign-in");
  g_assert_null (plumb_certification_page_get_ending (page ()));
  press ("cert.back");
  assert_step ("ending");
  g_assert_cmpstr (plumb_certification_page_get_ending (page ()), ==, "wrong-portal");
  press ("cert.cant-sign-in");
  assert_step ("request-reset");
  g_assert_cmpint (plumb_certification_page_get_scenario (page ()), ==, 2);
  /* Not prefilled with the email that has no password. */
  g_assert_cmpstr (gtk_editable_get_text (child ("reset_email_row")), ==, "");
}

static void
test_email_taken (void)
{
  open_as ("casey.brooks@northwind.example");
  answer (TRUE, FALSE);
  press ("cert.find-scenario");
  assert_step ("scenario");
  g_assert_cmpint (plumb_certification_page_get_scenario (page ()), ==, 1);
  press ("cert.begin");
  type ("sign_in_email_row", "casey.brooks.home@example.com");
  type ("sign_in_password_row", PASSWORD);
  press ("cert.sign-in");
  assert_step ("profile");
  press ("cert.update-email");
  assert_step ("ending");
  g_assert_cmpstr (plumb_certification_page_get_ending (page ()), ==, "email-taken");
  g_assert_true (gtk_widget_get_visible (child ("facts_group")));
  g_assert_cmpuint (n_rows ("facts_list"), ==, 3);
  assert_summary_clean ("Email taken");
  assert_summary_clean ("casey.brooks.home@example.com");
}

static void
test_expired_link (void)
{
  open_as ("sam.rivera@northwind.example");
  answer (FALSE, TRUE);
  press ("cert.find-scenario");
  press ("cert.begin");
  type ("reset_email_row", "sam.rivera@baylinegc.example");
  press ("cert.request-reset");
  press ("cert.show-mailbox");
  use_newest_link ();
  type ("new_password_row", NEW_PASSWORD);
  type ("confirm_password_row", NEW_PASSWORD);

  /* An hour and a bit later on the sandbox clock, the link is dead. */
  sandbox_post ("/_sandbox/clock", "{\"advance_seconds\": 3700}");
  press ("cert.set-password");
  assert_step ("reset-link");
  g_assert_nonnull (strstr (error_text ("reset_error"), "expired"));
  g_assert_true (gtk_widget_get_visible (child ("new_link_button")));

  /* A new link, and it works. */
  press ("cert.new-link");
  assert_step ("reset-link");
  g_assert_false (gtk_widget_get_visible (child ("reset_error")));
  g_assert_false (gtk_widget_get_visible (child ("new_link_button")));
  press ("cert.show-mailbox");
  g_assert_cmpuint (n_rows ("mailbox_list"), ==, 2);
  use_newest_link ();
  type ("new_password_row", NEW_PASSWORD);
  type ("confirm_password_row", NEW_PASSWORD);
  press ("cert.set-password");
  assert_step ("sign-in");
  press ("cert.sign-in");
  assert_step ("profile");
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);

  *(char **) user_data = text != NULL ? text : g_strdup ("");
}

static gboolean
have_text (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_no_inbox (void)
{
  open_as ("alex.morgan@northwind.example");

  /* Support staff run it for Dana, whose former employer's inbox is gone. */
  gtk_check_button_set_active (child ("mode_support"), TRUE);
  g_assert_true (gtk_widget_get_visible (child ("support_group")));
  g_assert_false (gtk_widget_get_visible (child ("questions_group")));
  type ("support_procore_row", "dana.whitfield@northwind.example");
  type ("support_cert_row", "dana.whitfield@coastalframing.example");
  press ("cert.find-scenario");
  assert_step ("scenario");
  g_assert_cmpint (plumb_certification_page_get_scenario (page ()), ==, 2);
  g_assert_nonnull (strstr (gtk_label_get_label (child ("scenario_why")), "reached through Procore sign-in"));

  press ("cert.begin");
  g_assert_cmpstr (gtk_editable_get_text (child ("reset_email_row")), ==, "dana.whitfield@coastalframing.example");
  press ("cert.request-reset");
  assert_step ("reset-link");
  press ("cert.show-mailbox");
  g_assert_cmpuint (n_rows ("mailbox_list"), ==, 1);
  press ("cert.no-inbox");
  assert_step ("ending");
  g_assert_cmpstr (plumb_certification_page_get_ending (page ()), ==, "no-inbox");
  g_assert_cmpuint (n_rows ("facts_list"), ==, 4);
  assert_summary_clean ("No former inbox");
  assert_summary_clean ("dana.whitfield@northwind.example");
  assert_summary_clean ("support staff");

  /* Copy Summary puts exactly the summary on the clipboard. */
  press ("cert.copy-summary");
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (page ()));
    g_autofree char *expected = plumb_certification_page_dup_summary (page ());
    g_autofree char *copied = NULL;

    gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &copied);
    plumb_test_wait_until (have_text, &copied, 10000, "the clipboard");
    g_assert_cmpstr (copied, ==, expected);
  }
}

static void
test_support_finds_endings (void)
{
  open_as ("alex.morgan@northwind.example");
  gtk_check_button_set_active (child ("mode_support"), TRUE);

  /* Jordan is in sync: the proof shows at once. */
  type ("support_procore_row", "jordan.lee@northwind.example");
  type ("support_cert_row", "jordan.lee@personal.example");
  press ("cert.find-scenario");
  assert_step ("proof");
  g_assert_cmpstr (plumb_certification_page_get_ending (page ()), ==, "in-sync");

  /* Casey's Procore email is held by another profile. */
  press ("cert.back");
  assert_step ("start");
  type ("support_procore_row", "casey.brooks@northwind.example");
  type ("support_cert_row", "casey.brooks.home@example.com");
  press ("cert.find-scenario");
  assert_step ("ending");
  g_assert_cmpstr (plumb_certification_page_get_ending (page ()), ==, "email-taken");

  /* Alex's personal email was never reached through Procore: scenario 1. */
  press ("cert.back");
  type ("support_procore_row", "alex.morgan@northwind.example");
  type ("support_cert_row", "alex.morgan.home@example.com");
  press ("cert.find-scenario");
  assert_step ("scenario");
  g_assert_cmpint (plumb_certification_page_get_scenario (page ()), ==, 1);

  /* An email no profile has is explained where it was typed. */
  press ("cert.back");
  type ("support_cert_row", "nobody@example.com");
  press ("cert.find-scenario");
  assert_step ("start");
  g_assert_nonnull (strstr (error_text ("start_error"), "nobody@example.com"));
}

static void
test_unreachable (void)
{
  open_as ("alex.morgan@northwind.example");
  answer (TRUE, FALSE);

  /* Every connection to the portal dropped: explained, and nothing moves on. */
  sandbox_post ("/_sandbox/faults", "{\"drop_rate\": 1}");
  press ("cert.find-scenario");
  sandbox_post ("/_sandbox/faults", "{\"drop_rate\": 0}");
  assert_step ("start");
  g_assert_nonnull (strstr (error_text ("start_error"), "cannot be reached"));

  press ("cert.find-scenario");
  assert_step ("scenario");
  g_assert_false (gtk_widget_get_visible (child ("start_error")));
}

/* Relinking an empty profile leaves nothing to see: the proof says what
 * to check and whom to ask. */
static void
test_still_empty (void)
{
  open_as ("alex.morgan@northwind.example");
  gtk_check_button_set_active (child ("mode_support"), TRUE);
  type ("support_procore_row", "casey.new@northwind.example");
  type ("support_cert_row", "casey.brooks@northwind.example");
  press ("cert.find-scenario");
  assert_step ("scenario");
  g_assert_cmpint (plumb_certification_page_get_scenario (page ()), ==, 1);
  press ("cert.begin");
  assert_step ("sign-in");
  g_assert_cmpstr (gtk_editable_get_text (child ("sign_in_email_row")), ==, "casey.brooks@northwind.example");

  /* Nobody knows that password: the learner takes the reset path. */
  press ("cert.cant-sign-in");
  assert_step ("request-reset");
  g_assert_cmpint (plumb_certification_page_get_scenario (page ()), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (child ("reset_email_row")), ==, "casey.brooks@northwind.example");
  press ("cert.request-reset");
  press ("cert.show-mailbox");
  use_newest_link ();
  type ("new_password_row", NEW_PASSWORD);
  type ("confirm_password_row", NEW_PASSWORD);
  press ("cert.set-password");
  press ("cert.sign-in");
  assert_step ("profile");
  press ("cert.update-email");
  assert_step ("proof");
  g_assert_cmpstr (plumb_certification_page_get_ending (page ()), ==, "still-empty");
  g_assert_false (gtk_widget_get_visible (child ("proof_group")));
  g_assert_nonnull (strstr (gtk_label_get_label (child ("proof_text")), "Procore Certification support"));
  g_assert_nonnull (strstr (gtk_label_get_label (child ("proof_text")), "casey.new@northwind.example"));
  assert_summary_clean ("still empty");
}

/* Every control has a name a screen reader can say, and can take focus. */
static void
check_named (GtkWidget *widget,
             guint     *n_checked)
{
  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget))
    {
      gboolean labelled = (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
                           gtk_button_get_icon_name (GTK_BUTTON (widget)) == NULL) ||
                          gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                          gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
                          GTK_IS_CHECK_BUTTON (widget);

      if (!labelled && gtk_widget_get_ancestor (widget, ADW_TYPE_ENTRY_ROW) == NULL &&
          gtk_widget_get_ancestor (widget, ADW_TYPE_PASSWORD_ENTRY_ROW) == NULL)
        g_error ("A %s with icon %s has no accessible name", G_OBJECT_TYPE_NAME (widget),
                 GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget)) : "?");
      g_assert_true (gtk_widget_get_focusable (widget) || gtk_widget_get_focus_on_click (widget));
      (*n_checked)++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    check_named (c, n_checked);
}

static void
test_accessible (void)
{
  guint n_checked = 0;

  open_as ("alex.morgan@northwind.example");
  check_named (GTK_WIDGET (page ()), &n_checked);
  g_assert_cmpuint (n_checked, >, 20);
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

  g_test_add_func ("/certification/scenario-1", test_scenario_1);
  g_test_add_func ("/certification/scenario-2", test_scenario_2);
  g_test_add_func ("/certification/in-sync", test_in_sync);
  g_test_add_func ("/certification/wrong-portal", test_wrong_portal);
  g_test_add_func ("/certification/email-taken", test_email_taken);
  g_test_add_func ("/certification/expired-link", test_expired_link);
  g_test_add_func ("/certification/no-inbox", test_no_inbox);
  g_test_add_func ("/certification/support-finds-endings", test_support_finds_endings);
  g_test_add_func ("/certification/still-empty", test_still_empty);
  g_test_add_func ("/certification/accessible", test_accessible);
  /* Last: the dropped connections send the directory's own calls into backoff. */
  g_test_add_func ("/certification/unreachable", test_unreachable);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);

  plumb_test_remove_tree (dirs);
  return status;
}
