/* test-sandbox-oauth.c: the sandbox's OAuth endpoints, over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-test.h"

static void
test_authorization_code_oob (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  g_autofree char *code = test_authorize_code (ts, ADMIN_EMAIL);
  g_autofree char *form = soup_form_encode ("grant_type", "authorization_code",
                                            "client_id", DEMO_CLIENT_ID,
                                            "client_secret", DEMO_CLIENT_SECRET,
                                            "code", code, "redirect_uri", OOB, NULL);
  g_autoptr(Reply) token = test_token_call (ts, form);
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) me = NULL;
  g_autoptr(Reply) companies = NULL;
  JsonObject *o;
  const char *access;
  JsonArray *list;

  g_assert_cmpuint (token->status, ==, 200);
  o = reply_object (token);
  access = json_object_get_string_member (o, "access_token");
  g_assert_cmpuint (strlen (access), >=, 32);
  g_assert_cmpstr (json_object_get_string_member (o, "token_type"), ==, "bearer");
  g_assert_cmpint (json_object_get_int_member (o, "expires_in"), ==, 5400);
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "refresh_token")), >=, 32);
  g_assert_cmpint (json_object_get_int_member (o, "created_at"), >, 1600000000);

  /* Codes are single-use. */
  again = test_token_call (ts, form);
  g_assert_cmpuint (again->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (reply_object (again), "error"), ==, "invalid_grant");

  me = test_request (ts, "GET", "/rest/v1.0/me", access, NULL, NULL, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (reply_object (me), "id"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (reply_object (me), "login"), ==, ADMIN_EMAIL);
  g_assert_cmpstr (json_object_get_string_member (reply_object (me), "name"), ==, "Alex Morgan");

  companies = test_request (ts, "GET", "/rest/v1.0/companies", access, NULL, NULL, NULL);
  g_assert_cmpuint (companies->status, ==, 200);
  list = reply_array (companies);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  o = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (o, "id"), ==, 5001);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Northwind Builders");
  g_assert_true (json_object_get_boolean_member (o, "is_active"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 1), "id"), ==, 5002);
}

static void
test_chooser_page (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  g_autoptr(Reply) page = test_request (ts, "GET",
                                        "/oauth/authorize?response_type=code&client_id=" DEMO_CLIENT_ID
                                        "&redirect_uri=" OOB "&state=xyz",
                                        NULL, NULL, NULL, NULL);
  g_autoptr(Reply) unknown = test_request (ts, "GET",
                                           "/oauth/authorize?response_type=code&client_id=nobody"
                                           "&redirect_uri=" OOB, NULL, NULL, NULL, NULL);
  const char *emails[] = { ADMIN_EMAIL, SAM_EMAIL, JORDAN_EMAIL, RILEY_EMAIL, CASEY_EMAIL };

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_true (g_str_has_prefix (reply_header (page, "Content-Type"), "text/html"));
  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    {
      g_autofree char *link = g_strdup_printf ("login_hint=%s", emails[i]);
      g_autofree char *escaped = g_uri_escape_string (emails[i], NULL, FALSE);
      g_autofree char *escaped_link = g_strdup_printf ("login_hint=%s", escaped);

      g_assert_true (strstr (page->text, link) != NULL || strstr (page->text, escaped_link) != NULL);
    }
  g_assert_nonnull (strstr (page->text, "state=xyz"));
  g_assert_cmpuint (unknown->status, ==, 400);
}

static void
test_loopback_redirect (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  const char *redirect = "http://127.0.0.1:43210/callback";
  g_autofree char *escaped = g_uri_escape_string (redirect, NULL, FALSE);
  g_autofree char *uri = g_strdup_printf ("%s/oauth/authorize?response_type=code&client_id=%s"
                                          "&redirect_uri=%s&state=st%%20ate&login_hint=%s",
                                          ts->url, DEMO_CLIENT_ID, escaped, SAM_EMAIL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(GUri) location = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *right = NULL;
  g_autoptr(Reply) wrong_reply = NULL;
  g_autoptr(Reply) right_reply = NULL;
  g_autoptr(Reply) evil = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  reply = test_send (ts, msg);
  g_assert_cmpuint (reply->status, ==, 302);
  location = g_uri_parse (reply_header (reply, "Location"), G_URI_FLAGS_ENCODED, NULL);
  g_assert_nonnull (location);
  g_assert_cmpstr (g_uri_get_host (location), ==, "127.0.0.1");
  g_assert_cmpint (g_uri_get_port (location), ==, 43210);
  g_assert_cmpstr (g_uri_get_path (location), ==, "/callback");
  params = soup_form_decode (g_uri_get_query (location));
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "st ate");
  g_assert_nonnull (g_hash_table_lookup (params, "code"));

  /* The redirect URI must match the one the code was issued for; a
   * mismatch uses the code up. */
  wrong = soup_form_encode ("grant_type", "authorization_code", "client_id", DEMO_CLIENT_ID,
                            "client_secret", DEMO_CLIENT_SECRET,
                            "code", g_hash_table_lookup (params, "code"),
                            "redirect_uri", "http://127.0.0.1:43210/other", NULL);
  wrong_reply = test_token_call (ts, wrong);
  g_assert_cmpuint (wrong_reply->status, ==, 400);
  right = soup_form_encode ("grant_type", "authorization_code", "client_id", DEMO_CLIENT_ID,
                            "client_secret", DEMO_CLIENT_SECRET,
                            "code", g_hash_table_lookup (params, "code"),
                            "redirect_uri", redirect, NULL);
  right_reply = test_token_call (ts, right);
  g_assert_cmpuint (right_reply->status, ==, 400);

  /* Only loopback or out-of-band redirects. */
  evil = test_request (ts, "GET", "/oauth/authorize?response_type=code&client_id=" DEMO_CLIENT_ID
                       "&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&login_hint=" SAM_EMAIL,
                       NULL, NULL, NULL, NULL);
  g_assert_cmpuint (evil->status, ==, 400);
}

static void
test_refresh_single_use (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  g_autofree char *refresh = NULL;
  g_autofree char *access = test_sign_in (ts, JORDAN_EMAIL, &refresh);
  g_autofree char *form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&client_secret=%s"
                                           "&refresh_token=%s", DEMO_CLIENT_ID, DEMO_CLIENT_SECRET,
                                           refresh);
  g_autoptr(Reply) first = test_token_call (ts, form);
  g_autoptr(Reply) second = test_token_call (ts, form);
  g_autofree char *next_refresh = NULL;
  g_autofree char *bad_form = NULL;
  g_autofree char *good_form = NULL;
  g_autoptr(Reply) bad = NULL;
  g_autoptr(Reply) after_bad = NULL;
  g_autoptr(Reply) me = NULL;

  g_assert_cmpuint (first->status, ==, 200);
  next_refresh = g_strdup (json_object_get_string_member (reply_object (first), "refresh_token"));
  g_assert_cmpstr (next_refresh, !=, refresh);
  g_assert_cmpuint (second->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (reply_object (second), "error"), ==, "invalid_grant");

  me = test_request (ts, "GET", "/rest/v1.0/me", json_object_get_string_member (reply_object (first),
                                                                               "access_token"),
                     NULL, NULL, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (reply_object (me), "login"), ==, JORDAN_EMAIL);

  /* A refresh that fails (here: a wrong client secret) uses the token up too. */
  bad_form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&client_secret=wrong"
                              "&refresh_token=%s", DEMO_CLIENT_ID, next_refresh);
  bad = test_token_call (ts, bad_form);
  g_assert_cmpuint (bad->status, ==, 401);
  good_form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&client_secret=%s"
                               "&refresh_token=%s", DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, next_refresh);
  after_bad = test_token_call (ts, good_form);
  g_assert_cmpuint (after_bad->status, ==, 400);
}

static void
test_client_credentials (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  g_autofree char *token = test_service_token (ts);
  g_autoptr(Reply) no_header = test_request (ts, "GET", "/rest/v1.0/me", token, NULL, NULL, NULL);
  g_autoptr(Reply) me = test_request (ts, "GET", "/rest/v1.0/me", token, NULL, NULL, NULL);
  g_autoptr(Reply) me2 = test_request (ts, "GET", "/rest/v1.0/me", token, NORTHWIND, NULL, NULL);
  g_autoptr(Reply) companies = test_request (ts, "GET", "/rest/v1.0/companies", token, HARBOR, NULL, NULL);
  g_autoptr(Reply) permissions = test_request (ts, "GET", "/rest/v1.0/settings/permissions?company_id=5002",
                                               token, HARBOR, NULL, NULL);
  g_autoptr(JsonObject) record = NULL;
  JsonObject *directory;

  g_assert_cmpuint (no_header->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (reply_object (me), "errors"), ==,
                   "Missing Procore-Company-Id header!");
  g_assert_cmpuint (me2->status, ==, 200);
  g_assert_cmpuint (companies->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (reply_array (companies)), ==, 2);
  g_assert_cmpuint (permissions->status, ==, 200);
  directory = json_array_get_object_element (json_object_get_array_member (reply_object (permissions), "tools"), 0);
  g_assert_cmpstr (json_object_get_string_member (directory, "name"), ==, "Directory");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (directory, "user_access_level"),
                                                  "name"), ==, "Admin");

  /* Its own directory record exists in both companies. */
  record = test_find_user (ts, token, NORTHWIND, json_object_get_string_member (reply_object (me2), "login"));
  g_assert_nonnull (record);
  g_clear_pointer (&record, json_object_unref);
  record = test_find_user (ts, token, HARBOR, json_object_get_string_member (reply_object (me2), "login"));
  g_assert_nonnull (record);
}

static void
test_wrong_secret (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  g_autoptr(Reply) reply = test_token_call (ts, "grant_type=client_credentials&client_id="
                                            DEMO_CLIENT_ID "&client_secret=nope");
  g_autoptr(Reply) unknown = test_token_call (ts, "grant_type=client_credentials&client_id=other"
                                              "&client_secret=" DEMO_CLIENT_SECRET);

  g_assert_cmpuint (reply->status, ==, 401);
  g_assert_cmpstr (json_object_get_string_member (reply_object (reply), "error"), ==, "invalid_client");
  g_assert_null (strstr (reply->text, "access_token"));
  g_assert_cmpuint (unknown->status, ==, 401);
}

static void
test_body_encodings (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  g_autoptr(Reply) json = test_request (ts, "POST", "/oauth/token", NULL, NULL, "application/json",
                                        "{\"grant_type\":\"client_credentials\",\"client_id\":\""
                                        DEMO_CLIENT_ID "\",\"client_secret\":\"" DEMO_CLIENT_SECRET "\"}");
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autofree char *uri = g_strconcat (ts->url, "/oauth/token", NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(Reply) multi = NULL;

  g_assert_cmpuint (json->status, ==, 200);
  g_assert_true (json_object_has_member (reply_object (json), "access_token"));

  soup_multipart_append_form_string (multipart, "grant_type", "client_credentials");
  soup_multipart_append_form_string (multipart, "client_id", DEMO_CLIENT_ID);
  soup_multipart_append_form_string (multipart, "client_secret", DEMO_CLIENT_SECRET);
  msg = soup_message_new_from_multipart (uri, multipart);
  multi = test_send (ts, msg);
  g_assert_cmpuint (multi->status, ==, 200);
  g_assert_true (json_object_has_member (reply_object (multi), "access_token"));
}

static void
test_revoke_and_info (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  g_autofree char *refresh = NULL;
  g_autofree char *access = test_sign_in (ts, RILEY_EMAIL, &refresh);
  g_autoptr(Reply) info = test_request (ts, "GET", "/oauth/token/info", access, NULL, NULL, NULL);
  g_autoptr(Reply) bogus = test_request (ts, "POST", "/oauth/revoke", NULL, NULL,
                                         "application/x-www-form-urlencoded", "token=not-a-token");
  g_autofree char *form = g_strdup_printf ("token=%s&client_id=%s&client_secret=%s",
                                           access, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
  g_autoptr(Reply) revoke = test_request (ts, "POST", "/oauth/revoke", NULL, NULL,
                                          "application/x-www-form-urlencoded", form);
  g_autoptr(Reply) me = test_request (ts, "GET", "/rest/v1.0/me", access, NULL, NULL, NULL);
  g_autoptr(Reply) info_after = test_request (ts, "GET", "/oauth/token/info", access, NULL, NULL, NULL);
  g_autofree char *refresh_form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&client_secret=%s"
                                                   "&refresh_token=%s", DEMO_CLIENT_ID,
                                                   DEMO_CLIENT_SECRET, refresh);
  g_autoptr(Reply) refreshed = test_token_call (ts, refresh_form);

  g_assert_cmpuint (info->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (reply_object (info), "resource_owner_id"), ==, 10004);
  g_assert_cmpint (json_object_get_int_member (reply_object (info), "expires_in"), >, 5000);
  g_assert_cmpuint (bogus->status, ==, 200);
  g_assert_cmpuint (revoke->status, ==, 200);
  g_assert_cmpuint (me->status, ==, 401);
  g_assert_nonnull (json_object_get_object_member (reply_object (me), "error"));
  g_assert_cmpuint (info_after->status, ==, 401);
  /* Revoking the access token ends the grant, refresh token included. */
  g_assert_cmpuint (refreshed->status, ==, 400);
}

static void
test_expiry_by_clock (void)
{
  g_autoptr(TestServer) ts = test_server_new ("token-lifetime", 60, NULL);
  g_autofree char *refresh = NULL;
  g_autofree char *access = test_sign_in (ts, ADMIN_EMAIL, &refresh);
  g_autoptr(Reply) before = test_request (ts, "GET", "/rest/v1.0/me", access, NULL, NULL, NULL);
  g_autoptr(Reply) clock = NULL;
  g_autoptr(Reply) after = NULL;
  g_autoptr(Reply) refreshed = NULL;
  g_autofree char *form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&client_secret=%s"
                                           "&refresh_token=%s", DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, refresh);
  g_autoptr(Reply) me = NULL;
  g_autofree char *code = test_authorize_code (ts, ADMIN_EMAIL);
  g_autofree char *code_form = soup_form_encode ("grant_type", "authorization_code",
                                                 "client_id", DEMO_CLIENT_ID,
                                                 "client_secret", DEMO_CLIENT_SECRET,
                                                 "code", code, "redirect_uri", OOB, NULL);
  g_autoptr(Reply) stale_code = NULL;

  g_assert_cmpuint (before->status, ==, 200);
  clock = test_request (ts, "POST", "/_sandbox/clock", NULL, NULL, NULL, "{\"advance_seconds\": 61}");
  g_assert_cmpuint (clock->status, ==, 200);
  after = test_request (ts, "GET", "/rest/v1.0/me", access, NULL, NULL, NULL);
  g_assert_cmpuint (after->status, ==, 401);

  refreshed = test_token_call (ts, form);
  g_assert_cmpuint (refreshed->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (reply_object (refreshed), "expires_in"), ==, 60);
  me = test_request (ts, "GET", "/rest/v1.0/me",
                     json_object_get_string_member (reply_object (refreshed), "access_token"),
                     NULL, NULL, NULL);
  g_assert_cmpuint (me->status, ==, 200);

  /* Codes live ten minutes on the same clock. */
  g_clear_pointer (&clock, reply_free);
  clock = test_request (ts, "POST", "/_sandbox/clock", NULL, NULL, NULL, "{\"advance_seconds\": 601}");
  g_assert_cmpuint (clock->status, ==, 200);
  stale_code = test_token_call (ts, code_form);
  g_assert_cmpuint (stale_code->status, ==, 400);
}

static void
test_pkce (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  const char *verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const char *challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  g_autofree char *path = g_strdup_printf ("/oauth/authorize?response_type=code&client_id=%s"
                                           "&redirect_uri=%s&login_hint=%s&code_challenge=%s"
                                           "&code_challenge_method=S256",
                                           DEMO_CLIENT_ID, OOB, CASEY_EMAIL, challenge);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(Reply) page = test_request (ts, "GET", path, NULL, NULL, NULL, NULL);
      const char *start = strstr (page->text, "id=\"authorization-code\">");
      g_autofree char *code = NULL;
      g_autofree char *form = NULL;
      g_autoptr(Reply) token = NULL;

      g_assert_nonnull (start);
      start += strlen ("id=\"authorization-code\">");
      code = g_strndup (start, strchr (start, '<') - start);
      /* No client secret: the verifier proves the caller instead. */
      form = soup_form_encode ("grant_type", "authorization_code", "client_id", DEMO_CLIENT_ID,
                               "code", code, "redirect_uri", OOB,
                               "code_verifier", round == 0 ? verifier : "wrong-verifier-wrong-verifier-wrong-verifier",
                               NULL);
      token = test_token_call (ts, form);
      g_assert_cmpuint (token->status, ==, round == 0 ? 200 : 400);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/oauth/authorization-code-oob", test_authorization_code_oob);
  g_test_add_func ("/sandbox/oauth/chooser-page", test_chooser_page);
  g_test_add_func ("/sandbox/oauth/loopback-redirect", test_loopback_redirect);
  g_test_add_func ("/sandbox/oauth/refresh-single-use", test_refresh_single_use);
  g_test_add_func ("/sandbox/oauth/client-credentials", test_client_credentials);
  g_test_add_func ("/sandbox/oauth/wrong-secret", test_wrong_secret);
  g_test_add_func ("/sandbox/oauth/body-encodings", test_body_encodings);
  g_test_add_func ("/sandbox/oauth/revoke-and-info", test_revoke_and_info);
  g_test_add_func ("/sandbox/oauth/expiry-by-clock", test_expiry_by_clock);
  g_test_add_func ("/sandbox/oauth/pkce", test_pkce);

  return g_test_run ();
}
