/* test-portal.c: the certification portal client against the embedded sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every operation and every refusal the wizard explains, spoken over HTTP
 * to an in-process sandbox on a port of its choosing.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "plumb-demo-sign-in.h"
#include "plumb-error.h"
#include "plumb-portal.h"
#include "plumb-sandbox.h"

#define ALEX_HOME     "alex.morgan.home@example.com"
#define ALEX_PROCORE  "alex.morgan@northwind.example"
#define SAM_FORMER    "sam.rivera@baylinegc.example"
#define SAM_PROCORE   "sam.rivera@northwind.example"
#define JORDAN        "jordan.lee@northwind.example"
#define RILEY         "riley.chen@northwind.example"
#define CASEY_HOME    "casey.brooks.home@example.com"
#define CASEY_PROCORE "casey.brooks@northwind.example"
#define DANA_FORMER   "dana.whitfield@coastalframing.example"
#define PASSWORD      "certify-demo"

static PlumbSandbox *sandbox;
static GPtrArray *logged;

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
wait_for (gpointer *slot)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!is_set (slot))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

#define RUN(call, ...) ({                                                  \
  GAsyncResult *_r = NULL;                                                  \
  call (__VA_ARGS__, NULL, store_result, &_r);                              \
  wait_for ((gpointer *) &_r);                                              \
  _r; })

static void
sandbox_post (const char *path,
              const char *json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (plumb_sandbox_get_url (sandbox), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

static void
advance_minutes (int minutes)
{
  g_autofree char *json = g_strdup_printf ("{\"advance_seconds\": %d}", minutes * 60);

  sandbox_post ("/_sandbox/clock", json);
}

static PlumbPortal *
new_portal (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  PlumbPortal *portal;

  sandbox_post ("/_sandbox/reset", "{}");
  url = g_strconcat (plumb_sandbox_get_url (sandbox), "/certification", NULL);
  portal = plumb_portal_new (url, &error);
  g_assert_no_error (error);
  return portal;
}

static PlumbPortalProfile *
sign_in (PlumbPortal  *portal,
         const char   *email,
         const char   *password,
         GError      **error)
{
  g_autoptr(GAsyncResult) r = RUN (plumb_portal_sign_in_async, portal, email, password);

  return plumb_portal_sign_in_finish (portal, r, error);
}

static GPtrArray *
registrations (PlumbPortal  *portal,
               GError      **error)
{
  g_autoptr(GAsyncResult) r = RUN (plumb_portal_list_registrations_async, portal);

  return plumb_portal_list_registrations_finish (portal, r, error);
}

static PlumbPortalProfile *
update_email (PlumbPortal  *portal,
              const char   *email,
              GError      **error)
{
  g_autoptr(GAsyncResult) r = RUN (plumb_portal_update_email_async, portal, email);

  return plumb_portal_update_email_finish (portal, r, error);
}

static gboolean
request_reset (PlumbPortal  *portal,
               const char   *email,
               GError      **error)
{
  g_autoptr(GAsyncResult) r = RUN (plumb_portal_request_reset_async, portal, email);

  return plumb_portal_request_reset_finish (portal, r, error);
}

static char *
complete_reset (PlumbPortal  *portal,
                const char   *token,
                const char   *password,
                GError      **error)
{
  g_autoptr(GAsyncResult) r = RUN (plumb_portal_complete_reset_async, portal, token, password);

  return plumb_portal_complete_reset_finish (portal, r, error);
}

static GPtrArray *
mailbox (PlumbPortal *portal,
         const char  *to)
{
  g_autoptr(GAsyncResult) r = RUN (plumb_portal_sandbox_mail_async, portal, to);
  g_autoptr(GError) error = NULL;
  GPtrArray *mail = plumb_portal_sandbox_mail_finish (portal, r, &error);

  g_assert_no_error (error);
  return mail;
}

/* Asks for a reset link and reads its code from the sandbox mailbox. */
static char *
reset_token (PlumbPortal *portal,
             const char  *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mail = NULL;
  PlumbPortalMail *last;
  char *token;

  g_assert_true (request_reset (portal, email, &error));
  g_assert_no_error (error);
  mail = mailbox (portal, email);
  g_assert_cmpuint (mail->len, >, 0);
  last = g_ptr_array_index (mail, mail->len - 1);
  g_assert_cmpstr (last->to, ==, email);
  g_assert_cmpstr (last->subject, ==, "Password Reset");
  g_assert_nonnull (strstr (last->link, "/certification/reset?token="));
  token = plumb_portal_parse_reset_link (portal, last->link, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (last->link, token));
  return token;
}

static PlumbAccount *
procore_person (const char *login)
{
  PlumbAccount *account = plumb_account_new (plumb_sandbox_get_url (sandbox), plumb_sandbox_get_url (sandbox),
                                             PLUMB_DEMO_CLIENT_ID, FALSE);
  g_autoptr(GAsyncResult) r = RUN (plumb_demo_sign_in_async, account, PLUMB_DEMO_CLIENT_SECRET, login);
  g_autoptr(GError) error = NULL;

  g_assert_true (plumb_demo_sign_in_finish (account, r, &error));
  g_assert_no_error (error);
  return account;
}

static char *
procore_sign_in (PlumbPortal  *portal,
                 PlumbAccount *account,
                 GError      **error)
{
  g_autoptr(GAsyncResult) r = RUN (plumb_portal_procore_sign_in_async, portal, account);

  return plumb_portal_procore_sign_in_finish (portal, r, error);
}

static void
test_sign_in_and_read (void)
{
  g_autoptr(PlumbPortal) portal = new_portal ();
  g_autoptr(PlumbPortalProfile) profile = NULL;
  g_autoptr(PlumbPortalProfile) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GAsyncResult) r = NULL;
  g_autoptr(GError) error = NULL;
  PlumbPortalRegistration *first;

  g_assert_false (plumb_portal_get_signed_in (portal));
  profile = sign_in (portal, ALEX_HOME, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (profile->email, ==, ALEX_HOME);
  g_assert_cmpstr (profile->first_name, ==, "Alex");
  g_assert_false (profile->via_procore);
  g_assert_true (profile->email_editable);
  g_assert_true (plumb_portal_get_signed_in (portal));

  r = RUN (plumb_portal_get_profile_async, portal);
  again = plumb_portal_get_profile_finish (portal, r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->id, ==, profile->id);

  list = registrations (portal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  first = g_ptr_array_index (list, 0);
  g_assert_cmpstr (first->course, ==, "Procore Certification: Project Manager");
  g_assert_cmpuint (first->progress, ==, 100);
  g_assert_nonnull (first->completed_at);
  g_assert_cmpstr (first->certificate_code, ==, "PCPM-48213-AM");
  g_assert_nonnull (first->certificate_expires_at);
  g_assert_cmpint (g_date_time_compare (first->certificate_expires_at, first->certificate_issued_at), >, 0);
  first = g_ptr_array_index (list, 1);
  g_assert_cmpuint (first->progress, ==, 62);
  g_assert_null (first->completed_at);
  g_assert_null (first->certificate_code);

  /* A session runs out after half an hour on the portal's clock. */
  advance_minutes (31);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = registrations (portal, &error);
  g_assert_null (list);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN);
  g_assert_false (plumb_portal_get_signed_in (portal));
}

static void
test_sign_in_refused (void)
{
  g_autoptr(PlumbPortal) portal = new_portal ();
  g_autoptr(GError) error = NULL;
  PlumbPortalProfile *profile;

  profile = sign_in (portal, "nobody@example.com", PASSWORD, &error);
  g_assert_null (profile);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nobody@example.com"));
  g_clear_error (&error);

  /* Procore-managed profiles have no password: the other portal. */
  profile = sign_in (portal, RILEY, PASSWORD, &error);
  g_assert_null (profile);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "Authorized via: Procore"));
  g_clear_error (&error);

  /* Four wrong passwords are counted down, the fifth pauses sign-in. */
  for (int i = 4; i >= 1; i--)
    {
      g_autofree char *left = g_strdup_printf ("%d more wrong tr", i);

      profile = sign_in (portal, ALEX_HOME, "wrong-password", &error);
      g_assert_null (profile);
      g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED);
      g_assert_nonnull (strstr (error->message, left));
      g_assert_null (strstr (error->message, "wrong-password"));
      g_clear_error (&error);
    }
  profile = sign_in (portal, ALEX_HOME, "wrong-password", &error);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "15 minutes"));
  g_clear_error (&error);
  /* Even the right password waits out the pause. */
  profile = sign_in (portal, ALEX_HOME, PASSWORD, &error);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_RATE_LIMITED);
  g_clear_error (&error);
  g_assert_false (plumb_portal_get_signed_in (portal));

  advance_minutes (16);
  profile = sign_in (portal, ALEX_HOME, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  plumb_portal_profile_free (profile);
}

/* Scenario 2 from end to end: reset, sign in, change the email, proof. */
static void
test_reset_and_relink (void)
{
  g_autoptr(PlumbPortal) portal = new_portal ();
  g_autoptr(PlumbAccount) sam = procore_person (SAM_PROCORE);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *email = NULL;
  g_autofree char *procore_email = NULL;
  g_autoptr(PlumbPortalProfile) profile = NULL;
  g_autoptr(PlumbPortalProfile) updated = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  PlumbPortalProfile *refused;

  /* Before: the Procore sign-in shows nothing. */
  procore_email = procore_sign_in (portal, sam, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (procore_email, ==, SAM_PROCORE);
  before = registrations (portal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 0);
  plumb_portal_sign_out (portal);

  token = reset_token (portal, SAM_FORMER);
  email = complete_reset (portal, token, "short", &error);
  g_assert_null (email);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_VALIDATION);
  {
    g_autofree char *password = plumb_error_dup_field_message (error, "password");

    g_assert_nonnull (password);
  }
  g_clear_error (&error);

  email = complete_reset (portal, token, "a new password 2026", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (email, ==, SAM_FORMER);
  g_clear_pointer (&email, g_free);

  /* A link works once. */
  email = complete_reset (portal, token, "another password", &error);
  g_assert_null (email);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "already used"));
  g_clear_error (&error);

  profile = sign_in (portal, SAM_FORMER, "a new password 2026", &error);
  g_assert_no_error (error);
  g_assert_true (profile->email_editable);

  refused = update_email (portal, "not an email", &error);
  g_assert_null (refused);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_VALIDATION);
  g_clear_error (&error);
  refused = update_email (portal, CASEY_PROCORE, &error);
  g_assert_null (refused);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, CASEY_PROCORE));
  g_clear_error (&error);

  updated = update_email (portal, SAM_PROCORE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->email, ==, SAM_PROCORE);

  /* The proof: the Procore sign-in now sees the progress. */
  g_clear_pointer (&procore_email, g_free);
  procore_email = procore_sign_in (portal, sam, &error);
  g_assert_no_error (error);
  after = registrations (portal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpstr (((PlumbPortalRegistration *) g_ptr_array_index (after, 0))->certificate_code, ==,
                   "PCSU-20931-SR");
}

static void
test_reset_refused (void)
{
  g_autoptr(PlumbPortal) portal = new_portal ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dana_mail = NULL;
  g_autofree char *token = NULL;
  g_autofree char *fresh = NULL;
  char *email;

  g_assert_false (request_reset (portal, "nobody@example.com", &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (request_reset (portal, RILEY, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Mail to a closed inbox never arrives. */
  g_assert_true (request_reset (portal, DANA_FORMER, &error));
  g_assert_no_error (error);
  dana_mail = mailbox (portal, DANA_FORMER);
  g_assert_cmpuint (dana_mail->len, ==, 0);

  /* A link expires an hour after it was sent. */
  token = reset_token (portal, SAM_FORMER);
  advance_minutes (61);
  email = complete_reset (portal, token, "a new password 2026", &error);
  g_assert_null (email);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_clear_error (&error);

  /* A code the portal never sent. */
  email = complete_reset (portal, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "a new password 2026", &error);
  g_assert_null (email);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A new link works where the old one expired. */
  fresh = reset_token (portal, SAM_FORMER);
  g_assert_cmpstr (fresh, !=, token);
  email = complete_reset (portal, fresh, "a new password 2026", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (email, ==, SAM_FORMER);
  g_free (email);
}

static void
test_reset_link_parser (void)
{
  g_autoptr(PlumbPortal) portal = new_portal ();
  const char *url = plumb_portal_get_url (portal);
  g_autofree char *base = g_strndup (url, strlen (url) - strlen ("/certification"));
  g_autofree char *good = g_strconcat (base, "/certification/reset?token=abcdefghijklmnopqrstuvwxyz-_0123", NULL);
  g_autofree char *padded = g_strconcat ("  ", good, "\n", NULL);
  g_autofree char *wrong_path = g_strconcat (base, "/certification/profile?token=abcdefghijklmnopqrstuvwxyz", NULL);
  g_autofree char *no_token = g_strconcat (base, "/certification/reset?code=abcdefghijklmnopqrstuvwxyz", NULL);
  g_autofree char *other_port = NULL;
  const char *refused[] = {
    "https://education.procore.evil.example/certification/reset?token=abcdefghijklmnopqrstuvwxyz",
    "http://education.procore.com/certification/reset?token=abcdefghijklmnopqrstuvwxyz",
    "",
    "short",
    "has spaces in it and is long enough",
  };
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  char *token;

  token = plumb_portal_parse_reset_link (portal, good, NULL);
  g_assert_cmpstr (token, ==, "abcdefghijklmnopqrstuvwxyz-_0123");
  g_free (token);
  token = plumb_portal_parse_reset_link (portal, padded, NULL);
  g_assert_cmpstr (token, ==, "abcdefghijklmnopqrstuvwxyz-_0123");
  g_free (token);
  token = plumb_portal_parse_reset_link (portal, "abcdefghijklmnopqrstuvwxyz-_0123", NULL);
  g_assert_cmpstr (token, ==, "abcdefghijklmnopqrstuvwxyz-_0123");
  g_free (token);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (plumb_portal_parse_reset_link (portal, refused[i], &error));
      g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
    }
  {
    g_autoptr(GError) error = NULL;

    /* The other host is named, so the person sees where it pointed. */
    g_assert_null (plumb_portal_parse_reset_link (portal, refused[0], &error));
    g_assert_nonnull (strstr (error->message, "education.procore.evil.example"));
  }

  /* Same host, another port: another site. */
  other_port = g_strdup_printf ("http://%s:%d/certification/reset?token=abcdefghijklmnopqrstuvwxyz",
                                g_uri_get_host (uri), g_uri_get_port (uri) == 65535 ? 1 : g_uri_get_port (uri) + 1);
  g_assert_null (plumb_portal_parse_reset_link (portal, other_port, NULL));
  g_assert_null (plumb_portal_parse_reset_link (portal, wrong_path, NULL));
  g_assert_null (plumb_portal_parse_reset_link (portal, no_token, NULL));
}

static void
test_procore_sign_in (void)
{
  g_autoptr(PlumbPortal) portal = new_portal ();
  g_autoptr(PlumbAccount) jordan = procore_person (JORDAN);
  g_autoptr(PlumbAccount) riley = procore_person (RILEY);
  g_autoptr(PlumbAccount) alex = procore_person (ALEX_PROCORE);
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GAsyncResult) r = NULL;
  g_autoptr(PlumbPortalProfile) profile = NULL;
  PlumbPortalProfile *refused;

  /* Already in sync. */
  email = procore_sign_in (portal, jordan, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (email, ==, JORDAN);
  list = registrations (portal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_clear_pointer (&email, g_free);

  /* Not yet relinked: nothing under the Procore email. */
  email = procore_sign_in (portal, alex, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (email, ==, ALEX_PROCORE);
  list = registrations (portal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&email, g_free);

  /* A profile made by Procore sign-in cannot change its email. */
  email = procore_sign_in (portal, riley, &error);
  g_assert_no_error (error);
  r = RUN (plumb_portal_get_profile_async, portal);
  profile = plumb_portal_get_profile_finish (portal, r, &error);
  g_assert_no_error (error);
  g_assert_true (profile->via_procore);
  g_assert_false (profile->email_editable);
  refused = update_email (portal, "riley@example.com", &error);
  g_assert_null (refused);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "managed by Procore sign-in"));
}

static void
test_admin (void)
{
  g_autoptr(PlumbPortal) portal = new_portal ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GAsyncResult) r4 = NULL;
  g_autoptr(GAsyncResult) r5 = NULL;
  g_autoptr(GAsyncResult) r6 = NULL;
  g_autoptr(PlumbPortalProfile) sam = NULL;
  g_autoptr(PlumbPortalProfile) alex = NULL;
  g_autoptr(GPtrArray) dana = NULL;
  g_autoptr(GPtrArray) nobody = NULL;

  r1 = RUN (plumb_portal_admin_find_async, portal, SAM_FORMER);
  g_assert_null (plumb_portal_admin_find_finish (portal, r1, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  plumb_portal_set_admin_key (portal, "not-the-key");
  r2 = RUN (plumb_portal_admin_find_async, portal, SAM_FORMER);
  g_assert_null (plumb_portal_admin_find_finish (portal, r2, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  plumb_portal_set_admin_key (portal, PLUMB_PORTAL_DEMO_ADMIN_KEY);
  g_assert_true (plumb_portal_has_admin_key (portal));
  r3 = RUN (plumb_portal_admin_find_async, portal, SAM_FORMER);
  sam = plumb_portal_admin_find_finish (portal, r3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sam->n_registrations, ==, 2);
  g_assert_cmpuint (sam->n_completed, ==, 2);
  g_assert_true (sam->has_password);
  /* Reached through Procore before: the email was a Procore email once. */
  g_assert_nonnull (sam->last_procore_sign_in_at);

  r4 = RUN (plumb_portal_admin_find_async, portal, ALEX_HOME);
  alex = plumb_portal_admin_find_finish (portal, r4, &error);
  g_assert_no_error (error);
  g_assert_null (alex->last_procore_sign_in_at);

  r5 = RUN (plumb_portal_admin_registrations_async, portal, DANA_FORMER);
  dana = plumb_portal_admin_registrations_finish (portal, r5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dana->len, ==, 1);

  r6 = RUN (plumb_portal_admin_registrations_async, portal, "nobody@example.com");
  nobody = plumb_portal_admin_registrations_finish (portal, r6, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nobody->len, ==, 0);

  {
    g_autoptr(GAsyncResult) r = RUN (plumb_portal_admin_find_async, portal, "nobody@example.com");

    g_assert_null (plumb_portal_admin_find_finish (portal, r, &error));
    g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_NOT_FOUND);
  }
}

static void
test_unreachable (void)
{
  g_autoptr(PlumbSandbox) gone = plumb_sandbox_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbPortal) portal = NULL;
  g_autofree char *url = NULL;
  PlumbPortalProfile *profile;

  /* A port that was just listened on and closed again answers nothing. */
  g_assert_true (plumb_sandbox_start (gone, 0, &error));
  url = g_strconcat (plumb_sandbox_get_url (gone), "/certification", NULL);
  plumb_sandbox_stop (gone);
  portal = plumb_portal_new (url, &error);
  g_assert_no_error (error);

  profile = sign_in (portal, ALEX_HOME, PASSWORD, &error);
  g_assert_null (profile);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "cannot be reached"));
  g_clear_error (&error);

  g_assert_null (plumb_portal_new ("http://education.procore.example/certification", &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INSECURE_URL);
}

static PlumbPortal *
portal_on (PlumbSandbox *server)
{
  g_autofree char *url = g_strconcat (plumb_sandbox_get_url (server), "/certification", NULL);
  g_autoptr(GError) error = NULL;
  PlumbPortal *portal = plumb_portal_new (url, &error);

  g_assert_no_error (error);
  return portal;
}

/* Changes survive a restart of the sandbox; the file holds no secret. */
static void
test_state_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plumb-portal-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  g_autofree char *token = NULL;
  g_autofree char *email = NULL;
  g_autofree char *contents = NULL;
  PlumbPortalProfile *profile;

  g_assert_no_error (error);
  {
    g_autoptr(PlumbSandbox) first = plumb_sandbox_new ();
    g_autoptr(PlumbPortal) portal = NULL;

    g_object_set (first, "state-file", path, NULL);
    g_assert_true (plumb_sandbox_start (first, 0, &error));
    portal = portal_on (first);
    token = reset_token (portal, SAM_FORMER);
    email = complete_reset (portal, token, "a kept password 99", &error);
    g_assert_no_error (error);
    profile = sign_in (portal, SAM_FORMER, "a kept password 99", &error);
    g_assert_no_error (error);
    plumb_portal_profile_free (profile);
    profile = update_email (portal, SAM_PROCORE, &error);
    g_assert_no_error (error);
    plumb_portal_profile_free (profile);
    plumb_sandbox_stop (first);
  }

  /* The portal's own part keeps hashes only; the link itself is in the
   * sandbox mailbox, as it would be in the learner's inbox. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_null (strstr (contents, "a kept password 99"));
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *part = NULL;
    JsonObject *modules;

    g_assert_true (json_parser_load_from_data (parser, contents, -1, &error));
    modules = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "modules");
    part = json_to_string (json_object_get_member (modules, "certification"), FALSE);
    g_assert_null (strstr (part, token));
    g_assert_nonnull (strstr (part, SAM_PROCORE));
  }

  {
    g_autoptr(PlumbSandbox) second = plumb_sandbox_new ();
    g_autoptr(PlumbPortal) portal = NULL;
    g_autoptr(GPtrArray) list = NULL;
    char *again;

    g_object_set (second, "state-file", path, NULL);
    g_assert_true (plumb_sandbox_start (second, 0, &error));
    portal = portal_on (second);
    profile = sign_in (portal, SAM_PROCORE, "a kept password 99", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (profile->email, ==, SAM_PROCORE);
    plumb_portal_profile_free (profile);
    list = registrations (portal, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 2);
    /* The used link stays used. */
    again = complete_reset (portal, token, "another password 100", &error);
    g_assert_null (again);
    g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_EXPIRED);
    g_clear_error (&error);
    plumb_sandbox_stop (second);
  }

  g_remove (path);
  g_rmdir (dir);
}

static GLogWriterOutput
record_log (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      g_ptr_array_add (logged, g_strdup (fields[i].value));
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

/* With every debug message on, neither a password nor a reset code shows. */
static void
test_secrets_not_logged (void)
{
  g_autoptr(PlumbPortal) portal = new_portal ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *email = NULL;
  PlumbPortalProfile *profile;

  g_ptr_array_set_size (logged, 0);
  token = reset_token (portal, SAM_FORMER);
  email = complete_reset (portal, token, "a secret password 77", &error);
  g_assert_no_error (error);
  profile = sign_in (portal, SAM_FORMER, "a secret password 77", &error);
  g_assert_no_error (error);
  plumb_portal_profile_free (profile);
  profile = sign_in (portal, SAM_FORMER, "a wrong password 78", &error);
  g_assert_null (profile);
  g_clear_error (&error);

  g_assert_cmpuint (logged->len, >, 0);
  for (guint i = 0; i < logged->len; i++)
    {
      const char *line = g_ptr_array_index (logged, i);

      g_assert_null (strstr (line, "secret password"));
      g_assert_null (strstr (line, "wrong password 78"));
      g_assert_null (strstr (line, token));
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  logged = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (record_log, NULL, NULL);
  g_log_set_debug_enabled (TRUE);

  sandbox = plumb_sandbox_new ();
  g_assert_true (plumb_sandbox_start (sandbox, 0, &error));
  g_assert_no_error (error);

  g_test_add_func ("/portal/sign-in-and-read", test_sign_in_and_read);
  g_test_add_func ("/portal/sign-in-refused", test_sign_in_refused);
  g_test_add_func ("/portal/reset-and-relink", test_reset_and_relink);
  g_test_add_func ("/portal/reset-refused", test_reset_refused);
  g_test_add_func ("/portal/reset-link-parser", test_reset_link_parser);
  g_test_add_func ("/portal/procore-sign-in", test_procore_sign_in);
  g_test_add_func ("/portal/admin", test_admin);
  g_test_add_func ("/portal/unreachable", test_unreachable);
  g_test_add_func ("/portal/secrets-not-logged", test_secrets_not_logged);
  g_test_add_func ("/portal/state-file", test_state_file);

  status = g_test_run ();

  plumb_sandbox_stop (sandbox);
  g_clear_object (&sandbox);
  g_ptr_array_unref (logged);
  return status;
}
