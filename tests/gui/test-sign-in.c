/* test-sign-in.c: the welcome page's two ways in, against the embedded sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "plumb-application.h"
#include "plumb-welcome-page.h"
#include "plumb-window.h"
#include "plumb-test-gui.h"

static PlumbApplication *app;

static PlumbWindow *
get_window (void)
{
  return PLUMB_WINDOW (plumb_test_activate (G_APPLICATION (app)));
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

static gboolean
signed_in (gpointer data)
{
  return plumb_application_get_account (app) != NULL && plumb_application_get_company_id (app) != 0;
}

static gboolean
signed_out (gpointer data)
{
  return plumb_application_get_account (app) == NULL;
}

static gboolean
on_step (gpointer data)
{
  return g_strcmp0 (plumb_welcome_page_get_step (window_child ("welcome")), data) == 0;
}

static gboolean
code_refused (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data)) &&
         strstr (gtk_label_get_label (GTK_LABEL (data)), "did not accept this code") != NULL;
}

static gboolean
has_authorize_url (gpointer data)
{
  return plumb_welcome_page_get_authorize_url (data) != NULL;
}

static gboolean
widget_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

static void
sign_out (void)
{
  if (plumb_application_get_account (app) != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "sign-out", NULL);
  plumb_test_wait_until (signed_out, NULL, 5000, "sign-out");
}

static void
test_explore_sandbox (void)
{
  PlumbWindow *window = get_window ();
  GtkStack *main_stack = window_child ("main_stack");
  PlumbAccount *account;

  sign_out ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "welcome");

  gtk_widget_activate_action (window_child ("welcome"), "welcome.explore-sandbox", NULL);
  plumb_test_wait_until (signed_in, NULL, 30000, "the demo admin to be signed in");

  account = plumb_application_get_account (app);
  g_assert_cmpstr (plumb_account_get_login (account), ==, "alex.morgan@northwind.example");
  g_assert_cmpstr (plumb_account_get_user_name (account), ==, "Alex Morgan");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "sections");
  g_assert_cmpstr (plumb_window_get_section (window), ==, "directory");
  g_assert_cmpuint (g_list_model_get_n_items (plumb_application_get_companies (app)), ==, 2);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "sign-out"));
  /* The header says who and where. */
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (window_child ("content_title")), "Alex Morgan"));

  sign_out ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "welcome");
  g_assert_cmpstr (plumb_welcome_page_get_step (window_child ("welcome")), ==, "start");
}

/* What a person's browser does: sign in as someone on the sandbox's page and
 * land on the page that shows the code. */
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
  const char *location;

  msg = soup_message_new ("GET", url);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  g_assert_nonnull (location);
  target = g_uri_parse_relative (soup_message_get_uri (msg), location, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);

  return g_uri_to_string (target);
}

static void
test_sign_in_with_code (void)
{
  GtkWidget *welcome = window_child ("welcome");
  GtkEditable *code_row;
  GtkLabel *code_error;
  g_autofree char *code_page = NULL;
  g_autofree char *client_id = NULL;
  const char *authorize_url;

  sign_out ();
  g_settings_set_string (plumb_application_get_settings (app), "environment", "embedded-sandbox");

  gtk_widget_activate_action (welcome, "welcome.sign-in", NULL);
  g_assert_cmpstr (plumb_welcome_page_get_step (PLUMB_WELCOME_PAGE (welcome)), ==, "credentials");
  code_row = welcome_child ("code_row");
  code_error = welcome_child ("code_error");

  /* Both the ID and the secret are needed before going on. */
  gtk_editable_set_text (welcome_child ("client_id_row"), "plumbline-demo");
  gtk_editable_set_text (welcome_child ("client_secret_row"), "");
  gtk_widget_activate_action (welcome, "welcome.open-browser", NULL);
  plumb_test_flush ();
  g_assert_cmpstr (plumb_welcome_page_get_step (PLUMB_WELCOME_PAGE (welcome)), ==, "credentials");
  gtk_editable_set_text (welcome_child ("client_secret_row"), "plumbline-demo-secret");

  gtk_widget_activate_action (welcome, "welcome.open-browser", NULL);
  plumb_test_wait_until (on_step, (gpointer) "code", 20000, "the code step");
  authorize_url = plumb_welcome_page_get_authorize_url (PLUMB_WELCOME_PAGE (welcome));
  g_assert_nonnull (strstr (authorize_url, "/oauth/authorize?"));
  g_assert_nonnull (strstr (authorize_url, "state="));
  g_assert_nonnull (strstr (authorize_url, "redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob"));
  client_id = g_settings_get_string (plumb_application_get_settings (app), "client-id");
  g_assert_cmpstr (client_id, ==, "plumbline-demo");

  /* A mistyped code is refused, explained, and kept for correcting. */
  gtk_editable_set_text (code_row, "not-the-code");
  gtk_widget_activate_action (welcome, "welcome.finish", NULL);
  plumb_test_wait_until (code_refused, code_error, 20000, "the refused code to be explained");
  g_assert_cmpstr (gtk_editable_get_text (code_row), ==, "not-the-code");
  g_assert_null (plumb_application_get_account (app));

  /* Opening the browser again starts a fresh sign-in; pasting the address
   * of the page that showed the code works as well as the code. */
  g_assert_null (plumb_welcome_page_get_authorize_url (PLUMB_WELCOME_PAGE (welcome)));
  gtk_widget_activate_action (welcome, "welcome.open-browser", NULL);
  plumb_test_wait_until (has_authorize_url, welcome, 20000, "a fresh sign-in page");
  authorize_url = plumb_welcome_page_get_authorize_url (PLUMB_WELCOME_PAGE (welcome));
  code_page = approve_in_browser (authorize_url, "sam.rivera@northwind.example");
  gtk_editable_set_text (code_row, code_page);
  gtk_widget_activate_action (welcome, "welcome.finish", NULL);
  plumb_test_wait_until (signed_in, NULL, 20000, "sign-in with the pasted code");
  g_assert_cmpstr (plumb_account_get_login (plumb_application_get_account (app)), ==, "sam.rivera@northwind.example");

  sign_out ();
}

static void
test_custom_url_refused (void)
{
  GtkWidget *welcome = window_child ("welcome");
  GtkLabel *credentials_error;

  sign_out ();
  g_settings_set_string (plumb_application_get_settings (app), "environment", "custom");
  g_settings_set_string (plumb_application_get_settings (app), "custom-url", "http://procore.example.com");

  gtk_widget_activate_action (welcome, "welcome.sign-in", NULL);
  credentials_error = welcome_child ("credentials_error");
  gtk_editable_set_text (welcome_child ("client_id_row"), "id");
  gtk_editable_set_text (welcome_child ("client_secret_row"), "secret");
  gtk_widget_activate_action (welcome, "welcome.open-browser", NULL);
  plumb_test_wait_until (widget_shown, credentials_error, 5000, "the refused address to be explained");
  g_assert_nonnull (strstr (gtk_label_get_label (credentials_error), "https://"));
  g_assert_cmpstr (plumb_welcome_page_get_step (PLUMB_WELCOME_PAGE (welcome)), ==, "credentials");
  g_assert_null (plumb_application_get_account (app));

  g_settings_reset (plumb_application_get_settings (app), "environment");
  g_settings_reset (plumb_application_get_settings (app), "custom-url");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dirs = NULL;
  int status;

  /* Each run gets its own data folder, so the sandbox state is its own. */
  dirs = plumb_test_gui_init (&argc, &argv);

  app = plumb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/sign-in/explore-sandbox", test_explore_sandbox);
  g_test_add_func ("/sign-in/with-code", test_sign_in_with_code);
  g_test_add_func ("/sign-in/custom-url-refused", test_custom_url_refused);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);

  plumb_test_remove_tree (dirs);
  return status;
}
