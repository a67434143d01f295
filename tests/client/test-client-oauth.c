/* test-client-oauth.c: every way of signing in, refreshing and signing out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "client-test.h"
#include "plumb-api.h"
#include "plumb-error.h"
#include "plumb-session-private.h"
#include "plumb-token-store.h"

static void
test_client_credentials (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListStore) companies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbCompany) first = NULL;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_service (&f, FALSE);
  g_assert_cmpstr (plumb_account_get_grant (account), ==, "client_credentials");
  g_assert_cmpstr (plumb_account_get_account_key (account), ==, "client:" PLUMB_DEMO_CLIENT_ID);
  g_assert_cmpint (plumb_account_get_user_id (account), >, 0);
  g_assert_cmpint (plumb_account_get_expires_at (account), >, g_get_real_time () / G_USEC_PER_SEC);

  plumb_api_list_companies_async (plumb_account_get_session (account), NORTHWIND, NULL, store_result, &result);
  wait_for_result (&result);
  companies = plumb_api_list_companies_finish (plumb_account_get_session (account), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (companies)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (companies), 0);
  g_assert_cmpint (plumb_company_get_id (first), ==, NORTHWIND);
  g_assert_cmpstr (plumb_company_get_name (first), ==, "Northwind Builders");

  fixture_stop (&f);
}

static void
test_bad_client_secret (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, 0, 0);
  account = plumb_account_new (f.url, NULL, PLUMB_DEMO_CLIENT_ID, FALSE);
  plumb_account_sign_in_client_credentials_async (account, "wrong", NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_false (plumb_account_sign_in_client_credentials_finish (account, result, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED);
  g_assert_false (plumb_account_get_signed_in (account));
  fixture_stop (&f);
}

static void
test_authorization_code (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(PlumbAccount) bare = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GHashTable) page_params = NULL;

  fixture_start (&f, 0, 0);

  /* The whole page address pasted */
  account = fixture_sign_in_person (&f, ADMIN_EMAIL);
  g_assert_cmpstr (plumb_account_get_grant (account), ==, "authorization_code");
  g_assert_cmpstr (plumb_account_get_user_name (account), ==, "Alex Morgan");
  g_assert_true (plumb_account_get_signed_in (account));

  /* The bare code pasted, and the state really is random and in the URL */
  bare = plumb_account_new (f.url, NULL, PLUMB_DEMO_CLIENT_ID, FALSE);
  url = plumb_account_begin_authorization (bare, PLUMB_DEMO_CLIENT_SECRET, SAM_EMAIL, &error);
  g_assert_no_error (error);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, PLUMB_OOB_REDIRECT_URI);
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");
  g_assert_cmpuint (strlen (g_hash_table_lookup (params, "state")), >=, 40);
  page = fixture_approve (&f, url);
  {
    g_autoptr(GUri) page_uri = g_uri_parse (page, G_URI_FLAGS_ENCODED, NULL);

    page_params = g_uri_parse_params (g_uri_get_query (page_uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  }
  plumb_account_finish_authorization_async (bare, g_hash_table_lookup (page_params, "code"), NULL,
                                            store_result, &result);
  wait_for_result (&result);
  g_assert_true (plumb_account_finish_authorization_finish (bare, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (plumb_account_get_login (bare), ==, SAM_EMAIL);

  fixture_stop (&f);
}

static void
test_state_checked (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *first_state = NULL;
  g_autofree char *page = NULL;
  g_autofree char *forged = NULL;

  fixture_start (&f, 0, 0);
  account = plumb_account_new (f.url, NULL, PLUMB_DEMO_CLIENT_ID, FALSE);

  /* Never asked for */
  plumb_account_finish_authorization_async (account, "some-code", NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_false (plumb_account_finish_authorization_finish (account, result, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_STATE_MISMATCH);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Two attempts give different states */
  url = plumb_account_begin_authorization (account, PLUMB_DEMO_CLIENT_SECRET, ADMIN_EMAIL, &error);
  first_state = g_strdup (strstr (url, "state="));
  g_free (url);
  url = plumb_account_begin_authorization (account, PLUMB_DEMO_CLIENT_SECRET, ADMIN_EMAIL, &error);
  g_assert_cmpstr (first_state, !=, strstr (url, "state="));

  /* A code that comes back with someone else's state is refused */
  page = fixture_approve (&f, url);
  forged = g_strconcat (page, "&state=not-ours", NULL);
  plumb_account_finish_authorization_async (account, forged, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_false (plumb_account_finish_authorization_finish (account, result, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_STATE_MISMATCH);
  g_assert_false (plumb_account_get_signed_in (account));

  fixture_stop (&f);
}

static void
test_code_single_use (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;
  g_autofree char *again = NULL;

  fixture_start (&f, 0, 0);
  account = plumb_account_new (f.url, NULL, PLUMB_DEMO_CLIENT_ID, FALSE);
  url = plumb_account_begin_authorization (account, PLUMB_DEMO_CLIENT_SECRET, ADMIN_EMAIL, &error);
  page = fixture_approve (&f, url);
  plumb_account_finish_authorization_async (account, page, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_true (plumb_account_finish_authorization_finish (account, result, &error));
  g_clear_object (&result);

  /* The same code a second time: the server has spent it */
  g_free (url);
  url = plumb_account_begin_authorization (account, PLUMB_DEMO_CLIENT_SECRET, ADMIN_EMAIL, &error);
  plumb_account_finish_authorization_async (account, page, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_false (plumb_account_finish_authorization_finish (account, result, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN);

  fixture_stop (&f);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    data)
{
  (*(guint *) data)++;
}

/* Refresh tokens are single-use. Two refreshes asked for at once share one
 * call (a second call would spend the new token's predecessor and fail),
 * and the next refresh uses the new refresh token. */
static void
test_refresh_single_use (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) one = NULL;
  g_autoptr(GAsyncResult) two = NULL;
  g_autoptr(GAsyncResult) three = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *last = NULL;
  guint64 sent;
  guint refreshes = 0;
  guint status = 0;
  g_autoptr(JsonNode) me = NULL;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_person (&f, ADMIN_EMAIL);
  g_signal_connect (account, "notify::expires-at", G_CALLBACK (count_cb), &refreshes);
  before = fixture_current_token (account);
  sent = plumb_session_get_requests_sent (plumb_account_get_session (account));

  plumb_account_refresh_async (account, NULL, store_result, &one);
  plumb_account_refresh_async (account, NULL, store_result, &two);
  wait_for_result (&one);
  wait_for_result (&two);
  g_assert_true (plumb_account_refresh_finish (account, one, &error));
  g_assert_no_error (error);
  g_assert_true (plumb_account_refresh_finish (account, two, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (refreshes, ==, 1);
  g_assert_cmpuint (plumb_session_get_requests_sent (plumb_account_get_session (account)) - sent, ==, 1);

  after = fixture_current_token (account);
  g_assert_cmpstr (before, !=, after);
  me = fixture_request (&f, "GET", "/rest/v1.0/me", after, 0, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  plumb_account_refresh_async (account, NULL, store_result, &three);
  wait_for_result (&three);
  g_assert_true (plumb_account_refresh_finish (account, three, &error));
  g_assert_no_error (error);
  last = fixture_current_token (account);
  g_assert_cmpstr (last, !=, after);
  g_assert_true (plumb_account_get_signed_in (account));

  fixture_stop (&f);
}

/* A refresh answer without a refresh token keeps the old one. */
static void
test_refresh_keeps_old_token (void)
{
  g_autoptr(PlumbTokens) tokens = plumb_tokens_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  tokens->access_token = g_strdup ("old-access");
  tokens->refresh_token = g_strdup ("old-refresh");
  g_assert_true (json_parser_load_from_data (parser, "{\"access_token\":\"new-access\",\"expires_in\":100}", -1, NULL));
  g_assert_true (plumb_tokens_update_from_json (tokens, json_parser_get_root (parser), 1000, &error));
  g_assert_cmpstr (tokens->access_token, ==, "new-access");
  g_assert_cmpstr (tokens->refresh_token, ==, "old-refresh");
  g_assert_cmpint (tokens->expires_at, ==, 1100);

  g_assert_true (json_parser_load_from_data (parser, "{\"token_type\":\"bearer\"}", -1, NULL));
  g_assert_false (plumb_tokens_update_from_json (tokens, json_parser_get_root (parser), 1000, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (tokens->access_token, ==, "new-access");
}

static void
page_loaded_cb (PlumbSession *session,
                const char   *path,
                guint         page,
                guint         n_pages,
                gpointer      data)
{
  Fixture *f = data;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  if (page != 1)
    return;
  g_assert_cmpuint (n_pages, >, 3);
  /* The sandbox's clock jumps past the token's lifetime between the first
   * page and the others. */
  node = fixture_request (f, "POST", "/_sandbox/clock", NULL, 0, "{\"advance_seconds\":7200}", &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_expiry_while_paging (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint refreshes = 0;
  guint status = 0;
  g_autoptr(JsonNode) check = NULL;
  gulong handler;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_person (&f, ADMIN_EMAIL);
  before = fixture_current_token (account);
  g_signal_connect (account, "notify::expires-at", G_CALLBACK (count_cb), &refreshes);
  handler = g_signal_connect (plumb_account_get_session (account), "page-loaded", G_CALLBACK (page_loaded_cb), &f);

  plumb_api_list_users_async (plumb_account_get_session (account), NORTHWIND, FALSE, NULL, 20, NULL,
                              store_result, &result);
  wait_for_result (&result);
  users = plumb_api_list_users_finish (plumb_account_get_session (account), result, &error);
  g_assert_no_error (error);
  g_signal_handler_disconnect (plumb_account_get_session (account), handler);

  /* One refresh served every page that met the 401 */
  g_assert_cmpuint (refreshes, ==, 1);
  after = fixture_current_token (account);
  g_assert_cmpstr (before, !=, after);

  /* Nothing lost and nothing twice: ids strictly ascending, count = Total */
  check = fixture_request (&f, "GET", "/rest/v1.3/companies/5001/users?per_page=1", after, NORTHWIND, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (users->len, >, 60);
  for (guint i = 1; i < users->len; i++)
    g_assert_cmpint (plumb_user_get_id (g_ptr_array_index (users, i - 1)), <,
                     plumb_user_get_id (g_ptr_array_index (users, i)));

  fixture_stop (&f);
}

static void
test_service_account_renews (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) companies = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_service (&f, FALSE);
  node = fixture_request (&f, "POST", "/_sandbox/clock", NULL, 0, "{\"advance_seconds\":7200}", &status);
  g_assert_cmpuint (status, ==, 200);

  /* No refresh token: the 401 is answered by asking for a new token. */
  plumb_api_list_companies_async (plumb_account_get_session (account), NORTHWIND, NULL, store_result, &result);
  wait_for_result (&result);
  companies = plumb_api_list_companies_finish (plumb_account_get_session (account), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (companies)), ==, 2);
  fixture_stop (&f);
}

static void
test_sign_out_revokes (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;
  gboolean notified = FALSE;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_person (&f, ADMIN_EMAIL);
  token = fixture_current_token (account);
  g_signal_connect_swapped (account, "notify::signed-in", G_CALLBACK (g_nullify_pointer), &notified);
  notified = TRUE;

  plumb_account_sign_out_async (account, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_true (plumb_account_sign_out_finish (account, result, &error));
  g_assert_no_error (error);
  g_assert_false (plumb_account_get_signed_in (account));
  g_assert_false (notified);

  node = fixture_request (&f, "GET", "/rest/v1.0/me", token, 0, NULL, &status);
  g_assert_cmpuint (status, ==, 401);

  fixture_stop (&f);
}

/* With the keyring: a second account object (a restart) finds the sign-in,
 * and sign-out removes it. */
static void
test_keyring_restore (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(PlumbAccount) again = NULL;
  g_autoptr(PlumbAccount) gone = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *restored = NULL;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_service (&f, TRUE);
  token = fixture_current_token (account);

  again = plumb_account_new (f.url, NULL, PLUMB_DEMO_CLIENT_ID, TRUE);
  plumb_account_restore_async (again, plumb_account_get_account_key (account), NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_true (plumb_account_restore_finish (again, result, &error));
  g_assert_no_error (error);
  restored = fixture_current_token (again);
  g_assert_cmpstr (restored, ==, token);
  g_clear_object (&result);

  plumb_account_sign_out_async (again, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_true (plumb_account_sign_out_finish (again, result, &error));
  g_clear_object (&result);

  gone = plumb_account_new (f.url, NULL, PLUMB_DEMO_CLIENT_ID, TRUE);
  plumb_account_restore_async (gone, "client:" PLUMB_DEMO_CLIENT_ID, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_false (plumb_account_restore_finish (gone, result, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN);

  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/oauth/client-credentials", test_client_credentials);
  g_test_add_func ("/client/oauth/bad-client-secret", test_bad_client_secret);
  g_test_add_func ("/client/oauth/authorization-code", test_authorization_code);
  g_test_add_func ("/client/oauth/state-checked", test_state_checked);
  g_test_add_func ("/client/oauth/code-single-use", test_code_single_use);
  g_test_add_func ("/client/oauth/refresh-single-use", test_refresh_single_use);
  g_test_add_func ("/client/oauth/refresh-keeps-old-token", test_refresh_keeps_old_token);
  g_test_add_func ("/client/oauth/expiry-while-paging", test_expiry_while_paging);
  g_test_add_func ("/client/oauth/service-account-renews", test_service_account_renews);
  g_test_add_func ("/client/oauth/sign-out-revokes", test_sign_out_revokes);
  g_test_add_func ("/client/oauth/keyring-restore", test_keyring_restore);

  return g_test_run ();
}
