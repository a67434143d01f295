/* plumbline-screenshots.c: renders each main screen of Plumbline to PNG
 * files, in the light and the dark style, wide and narrow.
 *
 * Usage: plumbline-screenshots OUTPUT-DIR [SCREEN...]
 * Runs under build-aux/test-env.sh (a virtual display) like the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "plumb-application.h"
#include "plumb-test-gui.h"
#include "plumb-certification-page.h"
#include "plumb-directory-page.h"
#include "plumb-preferences-window.h"
#include "plumb-profile-page.h"
#include "plumb-screenshot.h"
#include "plumb-welcome-page.h"
#include "plumb-window.h"

typedef struct
{
  PlumbApplication *app;
  PlumbWindow      *window;
} Shots;

/* Each screen puts the app in some state and returns the window to draw. */
typedef GtkWidget *(*ScreenFunc) (Shots *shots);

static GtkWidget *
screen_welcome (Shots *shots)
{
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_preferences (Shots *shots)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.plumbline.Plumbline");
  PlumbPreferencesWindow *prefs = plumb_preferences_window_new (settings);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (shots->window));
  gtk_window_present (GTK_WINDOW (prefs));

  return GTK_WIDGET (prefs);
}

static gpointer
window_child (Shots      *shots,
              const char *name)
{
  return plumb_test_find_by_id (GTK_WIDGET (shots->window), name);
}

/* What the window shows while the last run's sign-in comes back (the
 * window shows it from its first frame; here it is put on by hand, as the
 * restore itself takes a moment only). */
static GtkWidget *
screen_restoring (Shots *shots)
{
  gtk_widget_set_visible (window_child (shots, "welcome"), FALSE);
  gtk_widget_set_visible (window_child (shots, "restoring_box"), TRUE);
  return GTK_WIDGET (shots->window);
}

/* The welcome page after a saved sign-in could not come back. */
static GtkWidget *
screen_restore_failed (Shots *shots)
{
  gtk_widget_set_visible (window_child (shots, "restoring_box"), FALSE);
  gtk_widget_set_visible (window_child (shots, "welcome"), TRUE);
  plumb_welcome_page_show_error (window_child (shots, "welcome"),
                                 "Sign in again: Procore no longer accepts the saved sign-in (The access token expired and could not be refreshed)");
  return GTK_WIDGET (shots->window);
}

static gpointer
welcome_child (Shots      *shots,
               const char *name)
{
  return plumb_test_find_by_id (window_child (shots, "welcome"), name);
}

static gboolean
done (gpointer data)
{
  return *(gboolean *) data;
}

static void
wait_for (gboolean (*condition) (Shots *), Shots *shots)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!condition (shots) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_signed_in (Shots *shots)
{
  return plumb_application_get_account (shots->app) != NULL &&
         plumb_application_get_company_id (shots->app) != 0;
}

static gboolean
is_signed_out (Shots *shots)
{
  return plumb_application_get_account (shots->app) == NULL;
}

static void
sign_out (Shots *shots)
{
  if (plumb_application_get_account (shots->app) != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (shots->app), "sign-out", NULL);
  wait_for (is_signed_out, shots);
}

static GtkWidget *
screen_sign_in_credentials (Shots *shots)
{
  sign_out (shots);
  gtk_widget_activate_action (window_child (shots, "welcome"), "welcome.sign-in", NULL);
  gtk_editable_set_text (welcome_child (shots, "client_id_row"), "3f1c0d9e-plumbline-desktop");
  gtk_editable_set_text (welcome_child (shots, "client_secret_row"), "not-a-real-secret");

  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_sign_in_code (Shots *shots)
{
  GtkWidget *welcome = window_child (shots, "welcome");

  sign_out (shots);
  g_settings_set_string (plumb_application_get_settings (shots->app), "environment", "embedded-sandbox");
  gtk_widget_activate_action (welcome, "welcome.sign-in", NULL);
  gtk_editable_set_text (welcome_child (shots, "client_id_row"), "plumbline-demo");
  gtk_editable_set_text (welcome_child (shots, "client_secret_row"), "plumbline-demo-secret");
  gtk_widget_activate_action (welcome, "welcome.open-browser", NULL);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_strcmp0 (plumb_welcome_page_get_step (PLUMB_WELCOME_PAGE (welcome)), "code") != 0 &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  gtk_editable_set_text (welcome_child (shots, "code_row"), "Xq7-mistyped");

  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_sign_in_error (Shots *shots)
{
  GtkWidget *welcome = window_child (shots, "welcome");
  GtkWidget *error_label;

  screen_sign_in_code (shots);
  error_label = welcome_child (shots, "code_error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_widget_activate_action (welcome, "welcome.finish", NULL);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (!gtk_widget_get_visible (error_label) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }

  return GTK_WIDGET (shots->window);
}

static void
explored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!plumb_application_explore_sandbox_finish (PLUMB_APPLICATION (object), result, &error))
    g_printerr ("The sandbox did not open: %s\n", error->message);
  *(gboolean *) user_data = TRUE;
}

static GtkWidget *
screen_account (Shots *shots)
{
  if (!is_signed_in (shots))
    {
      gboolean finished = FALSE;

      plumb_application_explore_sandbox_async (shots->app, NULL, explored_cb, &finished);
      while (!done (&finished))
        g_main_context_iteration (NULL, TRUE);
      wait_for (is_signed_in, shots);
    }
  plumb_window_show_section (shots->window, "account");

  return GTK_WIDGET (shots->window);
}

/* The Certification wizard, walked from its start each time: the sandbox
 * is reset first, so every size and style shows the same state. */
static GtkWidget *
cert_page (Shots *shots)
{
  return gtk_stack_get_child_by_name (window_child (shots, "content_stack"), "certification");
}

static gpointer
cert_child (Shots      *shots,
            const char *name)
{
  return gtk_widget_get_template_child (cert_page (shots), PLUMB_TYPE_CERTIFICATION_PAGE, name);
}

static gboolean
cert_idle (Shots *shots)
{
  return !plumb_certification_page_get_busy (PLUMB_CERTIFICATION_PAGE (cert_page (shots)));
}

static void
cert_do (Shots      *shots,
         const char *action)
{
  gtk_widget_activate_action (cert_page (shots), action, NULL);
  wait_for (cert_idle, shots);
}

static void
sandbox_post (Shots      *shots,
              const char *path,
              const char *json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (plumb_application_get_sandbox_url (shots->app), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) answer = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, NULL);
}

static GtkWidget *
cert_restart (Shots    *shots,
              gboolean  support)
{
  screen_account (shots);
  sandbox_post (shots, "/_sandbox/reset", "{}");
  plumb_window_show_section (shots->window, "certification");
  /* Narrow windows fold the sidebar away: show the page, as a click would. */
  adw_leaflet_navigate (window_child (shots, "leaflet"), ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_widget_activate_action (cert_page (shots), "cert.restart", NULL);
  gtk_toggle_button_set_active (cert_child (shots, "log_toggle"), FALSE);
  gtk_check_button_set_active (cert_child (shots, support ? "mode_support" : "mode_me"), TRUE);
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_start (Shots *shots)
{
  cert_restart (shots, FALSE);
  gtk_toggle_button_set_active (cert_child (shots, "can_sign_in_yes"), TRUE);
  gtk_toggle_button_set_active (cert_child (shots, "changed_no"), TRUE);
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_scenario_1 (Shots *shots)
{
  screen_cert_start (shots);
  cert_do (shots, "cert.find-scenario");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_sign_in_1 (Shots *shots)
{
  screen_cert_scenario_1 (shots);
  cert_do (shots, "cert.begin");
  gtk_editable_set_text (cert_child (shots, "sign_in_email_row"), "alex.morgan.home@example.com");
  gtk_editable_set_text (cert_child (shots, "sign_in_password_row"), "certify-demo");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_wrong_password (Shots *shots)
{
  screen_cert_sign_in_1 (shots);
  gtk_editable_set_text (cert_child (shots, "sign_in_password_row"), "certify-dem0");
  cert_do (shots, "cert.sign-in");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_profile_1 (Shots *shots)
{
  screen_cert_sign_in_1 (shots);
  cert_do (shots, "cert.sign-in");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_proof_1 (Shots *shots)
{
  screen_cert_profile_1 (shots);
  cert_do (shots, "cert.update-email");
  gtk_toggle_button_set_active (cert_child (shots, "log_toggle"), TRUE);
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_support (Shots *shots)
{
  cert_restart (shots, TRUE);
  gtk_editable_set_text (cert_child (shots, "support_procore_row"), "sam.rivera@northwind.example");
  gtk_editable_set_text (cert_child (shots, "support_cert_row"), "sam.rivera@baylinegc.example");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_scenario_2 (Shots *shots)
{
  screen_cert_support (shots);
  cert_do (shots, "cert.find-scenario");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_request_reset (Shots *shots)
{
  screen_cert_scenario_2 (shots);
  cert_do (shots, "cert.begin");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_reset_link (Shots *shots)
{
  screen_cert_request_reset (shots);
  cert_do (shots, "cert.request-reset");
  cert_do (shots, "cert.show-mailbox");
  {
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (cert_child (shots, "mailbox_list"), 0));
    GtkWidget *button = row != NULL ? gtk_widget_get_last_child (gtk_widget_get_first_child (row)) : NULL;

    /* The row's own "Use This Link" button: the deepest last child. */
    while (button != NULL && !GTK_IS_BUTTON (button))
      button = gtk_widget_get_last_child (button);
    /* What a click on it does, without the button's press animation. */
    if (button != NULL)
      gtk_widget_activate_action_variant (cert_page (shots), "cert.use-link",
                                          gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)));
  }
  gtk_editable_set_text (cert_child (shots, "new_password_row"), "harbor-lights-2026");
  gtk_editable_set_text (cert_child (shots, "confirm_password_row"), "harbor-lights-2026");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_expired_link (Shots *shots)
{
  screen_cert_reset_link (shots);
  sandbox_post (shots, "/_sandbox/clock", "{\"advance_seconds\": 3700}");
  cert_do (shots, "cert.set-password");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_sign_in_2 (Shots *shots)
{
  screen_cert_reset_link (shots);
  cert_do (shots, "cert.set-password");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_profile_2 (Shots *shots)
{
  screen_cert_sign_in_2 (shots);
  cert_do (shots, "cert.sign-in");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_proof_2 (Shots *shots)
{
  screen_cert_profile_2 (shots);
  cert_do (shots, "cert.update-email");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_support_ending (Shots      *shots,
                            const char *procore,
                            const char *former)
{
  cert_restart (shots, TRUE);
  gtk_editable_set_text (cert_child (shots, "support_procore_row"), procore);
  gtk_editable_set_text (cert_child (shots, "support_cert_row"), former);
  cert_do (shots, "cert.find-scenario");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_email_taken (Shots *shots)
{
  return screen_cert_support_ending (shots, "casey.brooks@northwind.example", "casey.brooks.home@example.com");
}

static GtkWidget *
screen_cert_no_inbox (Shots *shots)
{
  screen_cert_support_ending (shots, "dana.whitfield@northwind.example", "dana.whitfield@coastalframing.example");
  cert_do (shots, "cert.begin");
  cert_do (shots, "cert.request-reset");
  cert_do (shots, "cert.no-inbox");
  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_cert_wrong_portal (Shots *shots)
{
  screen_cert_scenario_1 (shots);
  cert_do (shots, "cert.begin");
  gtk_editable_set_text (cert_child (shots, "sign_in_email_row"), "riley.chen@northwind.example");
  gtk_editable_set_text (cert_child (shots, "sign_in_password_row"), "certify-demo");
  cert_do (shots, "cert.sign-in");
  return GTK_WIDGET (shots->window);
}

static gboolean
directory_ready (Shots *shots)
{
  GtkWidget *page = gtk_stack_get_child_by_name (window_child (shots, "content_stack"), "directory");

  return page != NULL && g_strcmp0 (plumb_directory_page_get_state (PLUMB_DIRECTORY_PAGE (page)), "list") == 0;
}

static GtkWidget *
screen_directory (Shots *shots)
{
  screen_account (shots);
  plumb_window_show_section (shots->window, "directory");
  wait_for (directory_ready, shots);

  return GTK_WIDGET (shots->window);
}


static PlumbProfilePage *
profile_page (Shots *shots)
{
  return PLUMB_PROFILE_PAGE (gtk_stack_get_child_by_name (window_child (shots, "content_stack"), "profile"));
}

static gboolean
profile_ready (Shots *shots)
{
  PlumbProfilePage *page = profile_page (shots);

  return page != NULL && g_strcmp0 (plumb_profile_page_get_state (page), "ready") == 0 &&
         g_strcmp0 (plumb_profile_page_get_country (page), "") != 0;
}

static GtkWidget *
screen_profile (Shots *shots)
{
  screen_account (shots);
  plumb_window_show_section (shots->window, "profile");
  wait_for (profile_ready, shots);
  gtk_widget_activate_action (GTK_WIDGET (profile_page (shots)), "profile.discard", NULL);
  plumb_photo_well_reset (plumb_profile_page_get_photo_well (profile_page (shots)));
  gtk_window_set_focus (GTK_WINDOW (shots->window), NULL);
  {
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (
      GTK_WIDGET (plumb_profile_page_get_photo_well (profile_page (shots))), GTK_TYPE_SCROLLED_WINDOW));

    plumb_screenshot_wait_for_frames (GTK_WIDGET (shots->window), 2);
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 0);
  }

  return GTK_WIDGET (shots->window);
}

/* A picture drawn here: a warm gradient with a lighter disc, as a PNG or JPEG. */
static GBytes *
drawn_picture (int         width,
               int         height,
               const char *type)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  g_autofree char *data = NULL;
  gsize size = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * 3;
        double dx = x - width * 0.6, dy = y - height * 0.45;
        gboolean disc = dx * dx + dy * dy < (height * 0.28) * (height * 0.28);

        p[0] = disc ? 250 : 40 + 180 * x / width;
        p[1] = disc ? 214 : 90 + 60 * y / height;
        p[2] = disc ? 160 : 160 - 100 * x / width;
      }
  gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, type, NULL, NULL);
  return g_bytes_new_take (g_steal_pointer (&data), size);
}

static gboolean
well_settled (Shots *shots)
{
  const char *state = plumb_photo_well_get_state (plumb_profile_page_get_photo_well (profile_page (shots)));

  return g_strcmp0 (state, "checking") != 0;
}

static GtkWidget *
screen_photo (Shots      *shots,
              GBytes     *picture)
{
  PlumbPhotoWell *well;

  screen_profile (shots);
  well = plumb_profile_page_get_photo_well (profile_page (shots));
  plumb_photo_well_take_bytes (well, picture);
  wait_for (well_settled, shots);

  return GTK_WIDGET (shots->window);
}

static GtkWidget *
screen_photo_accepted (Shots *shots)
{
  g_autoptr(GBytes) picture = drawn_picture (240, 240, "png");

  return screen_photo (shots, picture);
}

static GtkWidget *
screen_photo_refused (Shots *shots)
{
  static const char webp[] = "RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0\x30\x01\0\x9d\x01\x2a\x01\0\x01\0";
  g_autoptr(GBytes) picture = g_bytes_new_static (webp, sizeof webp - 1);

  return screen_photo (shots, picture);
}

static GtkWidget *
screen_photo_crop (Shots *shots)
{
  g_autoptr(GBytes) picture = drawn_picture (1600, 1000, "jpeg");
  return screen_photo (shots, picture);
}

static gboolean
has_conflict (Shots *shots)
{
  return plumb_profile_page_get_n_conflicts (profile_page (shots)) > 0;
}

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (plumb_sync_engine_queue_finish (PLUMB_SYNC_ENGINE (object), result, &error) <= 0)
    g_printerr ("The conflicting edit was not queued: %s\n", error->message);
  *(gboolean *) user_data = TRUE;
}

static GtkWidget *
screen_profile_conflict (Shots *shots)
{
  screen_profile (shots);
  if (!has_conflict (shots))
    {
      PlumbSyncEngine *engine = plumb_application_get_sync_engine (shots->app);
      PlumbAccount *account = plumb_application_get_account (shots->app);
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(JsonObject) base = json_object_new ();
      gboolean finished = FALSE;

      /* An edit made here on a value the server no longer has: someone
       * changed the job title on Procore meanwhile. */
      json_object_set_string_member (fields, "job_title", "Site Director");
      json_object_set_string_member (base, "job_title", "Project Engineer (before)");
      plumb_sync_engine_queue_edit_async (engine, plumb_account_get_user_id (account), fields, base, NULL,
                                          queued_cb, &finished);
      while (!done (&finished))
        g_main_context_iteration (NULL, TRUE);
      g_action_group_activate_action (G_ACTION_GROUP (shots->app), "sync-now", NULL);
      wait_for (has_conflict, shots);
    }

  return GTK_WIDGET (shots->window);
}

/* The contact fields, with an address mistyped and an extension with a letter. */
static GtkWidget *
screen_profile_fields (Shots *shots)
{
  PlumbProfilePage *page;

  screen_profile (shots);
  page = profile_page (shots);
  gtk_editable_set_text (plumb_profile_page_get_editable (page, PLUMB_PROFILE_EMAIL), "alex.morgan@northwind");
  gtk_editable_set_text (plumb_profile_page_get_editable (page, PLUMB_PROFILE_EXTENSION), "12a");
  gtk_editable_set_text (plumb_profile_page_get_editable (page, PLUMB_PROFILE_CITY), "Sacramento");
  plumb_profile_page_choose_country (page, "US");
  plumb_profile_page_choose_state_code (page, "CA");
  gtk_widget_grab_focus (GTK_WIDGET (plumb_profile_page_get_editable (page, PLUMB_PROFILE_EXTENSION)));
  plumb_screenshot_wait_for_frames (GTK_WIDGET (shots->window), 2);
  {
    GtkWidget *email = GTK_WIDGET (plumb_profile_page_get_editable (page, PLUMB_PROFILE_EMAIL));
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (email, GTK_TYPE_SCROLLED_WINDOW));
    GtkWidget *content = gtk_scrolled_window_get_child (scroller);
    graphene_rect_t bounds;

    /* From the address down to the extension, with its message. */
    if (gtk_widget_compute_bounds (email, content, &bounds))
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), bounds.origin.y - 330);
  }

  return GTK_WIDGET (shots->window);
}

static gboolean
profile_synced (Shots *shots)
{
  g_autofree char *report = plumb_profile_page_dup_company_report (profile_page (shots));

  return g_strcmp0 (plumb_profile_page_get_status_text (profile_page (shots)), "Synced") == 0 &&
         strstr (report, "Updated") != NULL;
}

/* After an Update applied to both demo companies: the outcome in each. */
static GtkWidget *
screen_profile_companies (Shots *shots)
{
  PlumbProfilePage *page;

  screen_profile (shots);
  page = profile_page (shots);
  if (!profile_synced (shots))
    {
      gtk_editable_set_text (plumb_profile_page_get_editable (page, PLUMB_PROFILE_BUSINESS_PHONE), "+1 206 555 0142");
      gtk_widget_activate_action (GTK_WIDGET (page), "profile.update", NULL);
      wait_for (profile_synced, shots);
    }
  plumb_screenshot_wait_for_frames (GTK_WIDGET (shots->window), 2);
  {
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (
      GTK_WIDGET (plumb_profile_page_get_photo_well (page)), GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }

  return GTK_WIDGET (shots->window);
}

static const struct {
  const char *name;
  ScreenFunc  func;
} screens[] = {
  { "welcome", screen_welcome },
  { "restoring", screen_restoring },
  { "restore-failed", screen_restore_failed },
  { "preferences", screen_preferences },
  { "sign-in-credentials", screen_sign_in_credentials },
  { "sign-in-code", screen_sign_in_code },
  { "sign-in-error", screen_sign_in_error },
  { "account", screen_account },
  { "certification-start", screen_cert_start },
  { "certification-scenario-1", screen_cert_scenario_1 },
  { "certification-sign-in-1", screen_cert_sign_in_1 },
  { "certification-wrong-password", screen_cert_wrong_password },
  { "certification-profile-1", screen_cert_profile_1 },
  { "certification-proof-1", screen_cert_proof_1 },
  { "certification-support", screen_cert_support },
  { "certification-scenario-2", screen_cert_scenario_2 },
  { "certification-request-reset", screen_cert_request_reset },
  { "certification-reset-link", screen_cert_reset_link },
  { "certification-expired-link", screen_cert_expired_link },
  { "certification-sign-in-2", screen_cert_sign_in_2 },
  { "certification-profile-2", screen_cert_profile_2 },
  { "certification-proof-2", screen_cert_proof_2 },
  { "certification-email-taken", screen_cert_email_taken },
  { "certification-no-inbox", screen_cert_no_inbox },
  { "certification-wrong-portal", screen_cert_wrong_portal },
  { "directory", screen_directory },
  { "profile", screen_profile },
  { "profile-fields", screen_profile_fields },
  { "profile-photo-accepted", screen_photo_accepted },
  { "profile-photo-refused", screen_photo_refused },
  { "profile-photo-crop", screen_photo_crop },
  { "profile-companies", screen_profile_companies },
  { "profile-conflict", screen_profile_conflict },
  { "directory-100k", screen_directory },
};

static const struct {
  const char *name;
  int         width;
  int         height;
} sizes[] = {
  { "wide", 1100, 720 },
  { "narrow", 400, 720 },
};

static void
close_extra_windows (Shots *shots)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window != GTK_WINDOW (shots->window))
        gtk_window_destroy (window);
    }
}

int
main (int    argc,
      char **argv)
{
  Shots shots = { 0 };
  AdwStyleManager *style;
  const char *outdir;
  int status = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s OUTPUT-DIR [SCREEN...]\n", argv[0]);
      return 2;
    }
  outdir = argv[1];
  g_mkdir_with_parents (outdir, 0755);

  gtk_init ();
  adw_init ();
  style = adw_style_manager_get_default ();

  shots.app = plumb_application_new ();
  /* The 100,000-person company is its own run: the sandbox starts once. */
  if (argc == 3 && g_str_equal (argv[2], "directory-100k"))
    plumb_application_set_sandbox_people (shots.app, 100000);
  g_application_set_flags (G_APPLICATION (shots.app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (shots.app), NULL, NULL);
  g_application_hold (G_APPLICATION (shots.app));
  g_application_activate (G_APPLICATION (shots.app));
  shots.window = PLUMB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (shots.app)));

  for (guint s = 0; s < G_N_ELEMENTS (screens); s++)
    {
      gboolean wanted = argc == 2 && !g_str_equal (screens[s].name, "directory-100k");

      for (int a = 2; a < argc; a++)
        wanted |= g_str_equal (argv[a], screens[s].name);
      if (!wanted)
        continue;

      for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
        for (int dark = 0; dark <= 1; dark++)
          {
            g_autoptr(GError) error = NULL;
            g_autofree char *file = NULL;
            g_autofree char *path = NULL;
            GtkWidget *target;

            adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
            gtk_window_set_default_size (GTK_WINDOW (shots.window), sizes[z].width, sizes[z].height);
            plumb_screenshot_wait_for_frames (GTK_WIDGET (shots.window), 3);

            target = screens[s].func (&shots);
            plumb_screenshot_wait_for_frames (target, 20);

            file = g_strdup_printf ("%s-%s-%s.png", screens[s].name, sizes[z].name, dark ? "dark" : "light");
            path = g_build_filename (outdir, file, NULL);
            if (!plumb_screenshot_save (target, path, &error))
              {
                g_printerr ("%s: %s\n", file, error->message);
                status = 1;
              }
            else
              g_print ("%s\n", path);

            close_extra_windows (&shots);
          }
    }

  gtk_window_destroy (GTK_WINDOW (shots.window));
  g_application_release (G_APPLICATION (shots.app));
  g_clear_object (&shots.app);

  return status;
}
