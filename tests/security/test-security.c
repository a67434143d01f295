/* test-security.c: the client's refusals, each as a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain http to another computer, a pasted code from another sign-in, a
 * redirect to another host with the Bearer token, a reset link to another
 * site: each must be refused before anything secret leaves.
 */

#include "config.h"

#include <string.h>

#include "plumb-environment.h"
#include "plumb-error.h"
#include "plumb-portal.h"
#include "plumb-session-private.h"

#include "../client/client-test.h"

static void
test_plain_http_refused (void)
{
  const char *refused[] = {
    "http://api.procore.com",
    "http://192.0.2.10:8080",
    "http://[2001:db8::1]/",
    "HTTP://sandbox.procore.com",
    "http://localhost.example.com",
    "http://127.0.0.1.example.com",
  };
  const char *allowed[] = {
    "http://127.0.0.1:8080",
    "http://localhost:3000",
    "http://[::1]:9000",
    "https://api.procore.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = plumb_validate_base_url (refused[i], &error);

      g_test_message ("%s", refused[i]);
      g_assert_null (url);
      g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INSECURE_URL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = plumb_validate_base_url (allowed[i], &error);

      g_test_message ("%s", allowed[i]);
      g_assert_no_error (error);
      g_assert_nonnull (url);
    }
}

/* The session itself, whatever its caller checked: a call over plain http
 * to another computer is refused before a connection is tried. */
static void
test_session_refuses_plain_http (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbResponse) response = NULL;
  PlumbSession *session;
  guint64 sent;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_service (&f, FALSE);
  session = plumb_account_get_session (account);
  sent = plumb_session_get_requests_sent (session);

  /* 192.0.2.0/24 is for documentation: nothing answers there, so only a
   * refusal ends the call at once with this error. */
  plumb_session_call_raw_async (session, "GET", "http://192.0.2.10/rest/v1.0/companies", 0,
                                NULL, NULL, PLUMB_REQUEST_DEFAULT, NULL, store_result, &result);
  wait_for_result (&result);
  response = plumb_session_call_raw_finish (session, result, &error);
  g_assert_null (response);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INSECURE_URL);
  g_assert_cmpuint (plumb_session_get_requests_sent (session), ==, sent);

  fixture_stop (&f);
}

/* A page address pasted with the state of another attempt (someone
 * else's, sent to them) is refused, and spends this attempt. */
static void
test_state_mismatch_refused (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;
  g_autofree char *forged = NULL;

  fixture_start (&f, 0, 0);
  account = plumb_account_new (f.url, NULL, PLUMB_DEMO_CLIENT_ID, FALSE);

  url = plumb_account_begin_authorization (account, PLUMB_DEMO_CLIENT_SECRET, ADMIN_EMAIL, &error);
  g_assert_no_error (error);
  page = fixture_approve (&f, url);
  forged = g_strconcat (page, strchr (page, '?') != NULL ? "&" : "?",
                        "state=d2VsbC1mb3JtZWQtYnV0LW5vdC1vdXJzLTAxMjM0NTY3", NULL);

  plumb_account_finish_authorization_async (account, forged, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_false (plumb_account_finish_authorization_finish (account, result, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_STATE_MISMATCH);
  g_assert_false (plumb_account_get_signed_in (account));
  g_clear_error (&error);
  g_clear_object (&result);

  /* The attempt is spent: the genuine page no longer works either. */
  plumb_account_finish_authorization_async (account, page, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_false (plumb_account_finish_authorization_finish (account, result, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_STATE_MISMATCH);
  g_clear_error (&error);
  g_clear_object (&result);

  fixture_stop (&f);
}

/* The API answers a call with a redirect to another host: the token must
 * not go along. Loopback hosts 127.0.0.1 and 127.0.0.2 are two hosts. */
static void
test_redirect_keeps_token (void)
{
  Fixture f = { 0 };
  Peer api = { 0 };
  Peer elsewhere = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbResponse) response = NULL;
  g_autofree char *start = NULL;
  PlumbSession *session;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_service (&f, FALSE);
  session = plumb_account_get_session (account);

  peer_start (&elsewhere, "127.0.0.2");
  peer_start (&api, "127.0.0.1");
  api.location = g_strconcat (elsewhere.url, "/rest/v1.0/companies", NULL);

  start = g_strconcat (api.url, "/rest/v1.0/companies", NULL);
  plumb_session_call_raw_async (session, "GET", start, 0, NULL, NULL, PLUMB_REQUEST_DEFAULT,
                                NULL, store_result, &result);
  wait_for_result (&result);
  response = plumb_session_call_raw_finish (session, result, &error);

  /* The first host had the token (it is where the call was sent). */
  g_assert_cmpuint (api.hits, >=, 1);
  g_assert_true (g_str_has_prefix (api.authorization, "Bearer "));
  /* The other host, if reached at all, never saw it. */
  g_test_message ("other host reached %u times", elsewhere.hits);
  g_assert_null (elsewhere.authorization);
  if (elsewhere.hits == 0)
    g_assert_true (response == NULL || response->status != SOUP_STATUS_OK);

  peer_stop (&api);
  peer_stop (&elsewhere);
  fixture_stop (&f);
}

/* A reset link from another site is refused, however it is dressed up;
 * the portal's own is taken. */
static void
test_reset_link_other_host (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbPortal) portal = plumb_portal_new ("https://learn.example.com/certification", &error);
  const char *code = "Zx8_kq-3mP0aLr7Tn2Vb";
  const char *refused[] = {
    "https://evil.example/certification/reset?token=Zx8_kq-3mP0aLr7Tn2Vb",
    "https://learn.example.com.evil.example/certification/reset?token=Zx8_kq-3mP0aLr7Tn2Vb",
    "https://learn.example.com@evil.example/certification/reset?token=Zx8_kq-3mP0aLr7Tn2Vb",
    "https://evil.example/learn.example.com/certification/reset?token=Zx8_kq-3mP0aLr7Tn2Vb",
    "http://learn.example.com/certification/reset?token=Zx8_kq-3mP0aLr7Tn2Vb",
    "https://learn.example.com:8443/certification/reset?token=Zx8_kq-3mP0aLr7Tn2Vb",
  };
  g_autofree char *token = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *taken = plumb_portal_parse_reset_link (portal, refused[i], &error);

      g_test_message ("%s", refused[i]);
      g_assert_null (taken);
      g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }

  token = plumb_portal_parse_reset_link (portal, "https://learn.example.com/certification/reset?token=Zx8_kq-3mP0aLr7Tn2Vb",
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, code);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/security/plain-http-refused", test_plain_http_refused);
  g_test_add_func ("/security/session-refuses-plain-http", test_session_refuses_plain_http);
  g_test_add_func ("/security/state-mismatch-refused", test_state_mismatch_refused);
  g_test_add_func ("/security/redirect-keeps-token", test_redirect_keeps_token);
  g_test_add_func ("/security/reset-link-other-host", test_reset_link_other_host);

  return g_test_run ();
}
