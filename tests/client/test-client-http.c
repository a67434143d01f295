/* test-client-http.c: headers, error shapes, waiting and retrying, paging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "client-test.h"
#include "plumb-api.h"
#include "plumb-api-error.h"
#include "plumb-error.h"
#include "plumb-session-private.h"

static GError *
error_for (guint       status,
           const char *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  return plumb_api_error_from_response (status, headers, bytes);
}

/* Every shape Procore answers errors in, parsed into one domain. */
static void
test_error_shapes (void)
{
  g_autoptr(GError) nested = error_for (403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"No access to Directory\"}}");
  g_autoptr(GError) flat = error_for (404, "{\"message\":\"Record not found\",\"error\":\"not_found\"}");
  g_autoptr(GError) fields = error_for (422, "{\"errors\":{\"user[email_address]\":[\"is invalid\",\"is too long\"],"
                                             "\"zip\":\"is not a zip\"}}");
  g_autoptr(GError) header = error_for (400, "{\"errors\":\"Missing Procore-Company-Id header!\"}");
  g_autoptr(GError) list = error_for (409, "{\"errors\":[\"Email has already been taken\"]}");
  g_autoptr(GError) oauth = error_for (400, "{\"error\":\"invalid_grant\",\"error_description\":\"Spent.\"}");
  g_autoptr(GError) client = error_for (401, "{\"error\":\"invalid_client\",\"error_description\":\"Who?\"}");
  g_autoptr(GError) html = error_for (502, "<html>Bad gateway</html>");
  g_autoptr(GError) rate = error_for (429, "{\"message\":\"Slow down\",\"error\":\"rate_limit_exceeded\"}");
  g_autoptr(GError) copy = NULL;
  g_autofree char *email = NULL;
  g_autofree char *zip = NULL;
  g_autofree char *copied = NULL;
  g_auto(GStrv) names = NULL;

  g_assert_error (nested, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (nested->message, "No access to Directory"));
  g_assert_cmpuint (plumb_error_get_http_status (nested), ==, 403);

  g_assert_error (flat, PLUMB_ERROR, PLUMB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (flat->message, "Record not found"));

  g_assert_error (fields, PLUMB_ERROR, PLUMB_ERROR_VALIDATION);
  email = plumb_error_dup_field_message (fields, "email_address");
  zip = plumb_error_dup_field_message (fields, "zip");
  g_assert_cmpstr (email, ==, "is invalid; is too long");
  g_assert_cmpstr (zip, ==, "is not a zip");
  g_assert_null (plumb_error_dup_field_message (fields, "first_name"));
  names = plumb_error_dup_fields (fields);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "email_address");
  g_assert_cmpstr (names[1], ==, "zip");
  /* The fields survive a copy (GTask copies errors to every waiter). */
  copy = g_error_copy (fields);
  copied = plumb_error_dup_field_message (copy, "email_address");
  g_assert_cmpstr (copied, ==, email);

  g_assert_error (header, PLUMB_ERROR, PLUMB_ERROR_MISSING_COMPANY);
  g_assert_error (list, PLUMB_ERROR, PLUMB_ERROR_CONFLICT);
  g_assert_nonnull (strstr (list->message, "already been taken"));
  g_assert_error (oauth, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN);
  g_assert_error (client, PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED);
  g_assert_error (html, PLUMB_ERROR, PLUMB_ERROR_SERVER);
  g_assert_nonnull (strstr (html->message, "502"));
  g_assert_error (rate, PLUMB_ERROR, PLUMB_ERROR_RATE_LIMITED);
}

static JsonNode *
call (PlumbAccount *account,
      const char   *method,
      const char   *path,
      gint64        company_id,
      JsonNode     *body,
      GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  PlumbSession *session = plumb_account_get_session (account);

  plumb_session_call_async (session, method, path, company_id, body, PLUMB_REQUEST_DEFAULT, NULL,
                            store_result, &result);
  wait_for_result (&result);
  return plumb_session_call_finish (session, result, NULL, error);
}

/* The sandbox's own error answers, end to end. */
static void
test_server_errors (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_person (&f, ADMIN_EMAIL);

  /* The company header left out */
  node = call (account, "GET", "/rest/v1.3/companies/5001/users", 0, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_MISSING_COMPANY);
  g_clear_error (&error);

  /* With it, the same call works */
  node = call (account, "GET", "/rest/v1.3/companies/5001/users?per_page=5", NORTHWIND, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_clear_pointer (&node, json_node_unref);

  node = call (account, "GET", "/rest/v1.3/companies/5001/users/999999", NORTHWIND, NULL, &error);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  node = call (account, "GET", "/rest/v1.3/companies/5001/users?sort=shoe_size", NORTHWIND, NULL, &error);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_VALIDATION);
  {
    g_autofree char *sort = plumb_error_dup_field_message (error, "sort");

    g_assert_nonnull (sort);
  }
  g_clear_error (&error);

  fixture_stop (&f);
}

/* A field error comes back on the field it is about. */
static void
test_field_error (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(PlumbUser) user = NULL;
  g_autofree char *message = NULL;
  g_auto(GStrv) names = NULL;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_person (&f, ADMIN_EMAIL);

  json_object_set_string_member (changes, "email_address", "not an address");
  json_object_set_string_member (changes, "job_title", "Site Lead");
  plumb_api_update_user_async (plumb_account_get_session (account), NORTHWIND, 10003, changes, NULL,
                               store_result, &result);
  wait_for_result (&result);
  user = plumb_api_update_user_finish (plumb_account_get_session (account), result, &error);
  g_assert_null (user);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_VALIDATION);
  message = plumb_error_dup_field_message (error, "email_address");
  g_assert_nonnull (message);
  g_assert_null (plumb_error_dup_field_message (error, "job_title"));
  names = plumb_error_dup_fields (error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_clear_error (&error);
  g_clear_object (&result);

  /* A good change goes through, wrapped as {"user": {...}} */
  json_object_remove_member (changes, "email_address");
  plumb_api_update_user_async (plumb_account_get_session (account), NORTHWIND, 10003, changes, NULL,
                               store_result, &result);
  wait_for_result (&result);
  user = plumb_api_update_user_finish (plumb_account_get_session (account), result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plumb_user_get_job_title (user), ==, "Site Lead");

  fixture_stop (&f);
}

static void
test_wait_on_429 (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint64 sent;
  gint64 started;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_person (&f, ADMIN_EMAIL);

  /* Two 429s with Retry-After: 1; the call waits them out and succeeds. */
  fixture_set_faults (&f, "{\"burst_429\":2}");
  sent = plumb_session_get_requests_sent (plumb_account_get_session (account));
  started = g_get_monotonic_time ();
  node = call (account, "GET", "/rest/v1.0/companies", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (plumb_session_get_requests_sent (plumb_account_get_session (account)) - sent, ==, 3);
  /* It did wait for Retry-After (one second, twice) rather than hammer. */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 2 * G_USEC_PER_SEC);
  g_clear_pointer (&node, json_node_unref);

  /* A 429 is not a sign the change happened, so even an invite goes again. */
  fixture_set_faults (&f, "{\"burst_429\":1}");
  node = call (account, "PATCH", "/rest/v1.3/companies/5001/users/10005/invite", NORTHWIND, NULL, &error);
  g_assert_no_error (error);

  fixture_stop (&f);
}

/* A GET is repeated after 5xx and dropped connections; past the limit the
 * caller gets an error it can act on. */
static void
test_get_retried (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(PlumbUserList) records = NULL;
  PlumbSession *session;
  guint64 sent;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_person (&f, ADMIN_EMAIL);
  session = plumb_account_get_session (account);

  fixture_set_faults (&f, "{\"error_rate\":1.0}");
  sent = plumb_session_get_requests_sent (session);
  node = call (account, "GET", "/rest/v1.0/companies", 0, NULL, &error);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_SERVER);
  g_assert_cmpuint (plumb_session_get_requests_sent (session) - sent, >, 1);
  g_clear_error (&error);

  fixture_clear_faults (&f);
  fixture_set_faults (&f, "{\"drop_rate\":1.0}");
  sent = plumb_session_get_requests_sent (session);
  node = call (account, "GET", "/rest/v1.0/companies", 0, NULL, &error);
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_NETWORK);
  g_assert_cmpuint (plumb_session_get_requests_sent (session) - sent, >, 1);
  g_clear_error (&error);

  /* Some of each, and some garbled bodies: every page still arrives. */
  fixture_clear_faults (&f);
  fixture_set_faults (&f, "{\"error_rate\":0.2,\"drop_rate\":0.2,\"malformed_rate\":0.1,\"seed\":7}");
  users = fixture_list_users_complete (session, NORTHWIND, 25);
  records = fixture_list_records_complete (session, NORTHWIND, 25);
  fixture_clear_faults (&f);
  {
    g_autoptr(GPtrArray) clean = NULL;

    plumb_api_list_users_async (session, NORTHWIND, FALSE, NULL, 1000, NULL, store_result, &result);
    wait_for_result (&result);
    clean = plumb_api_list_users_finish (session, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (users->len, ==, clean->len);
    g_assert_cmpuint (plumb_user_list_get_n_users (records), ==, clean->len);
    for (guint i = 0; i < clean->len; i++)
      {
        g_autoptr(PlumbUser) from_record = plumb_user_list_dup_user (records, i);

        g_assert_cmpint (plumb_user_get_id (g_ptr_array_index (users, i)), ==,
                         plumb_user_get_id (g_ptr_array_index (clean, i)));
        g_assert_cmpint (plumb_user_list_get_id (records, i), ==,
                         plumb_user_get_id (g_ptr_array_index (clean, i)));
        g_assert_cmpstr (plumb_user_get_email_address (from_record), ==,
                         plumb_user_get_email_address (g_ptr_array_index (clean, i)));
      }
  }

  fixture_stop (&f);
}

static guint
welcome_mails (Fixture *f,
               gint64   user_id)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *mails;
  guint status = 0;
  guint count = 0;

  node = fixture_request (f, "GET", "/_sandbox/mailbox", NULL, 0, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  if (JSON_NODE_HOLDS_OBJECT (node))
    mails = json_object_get_array_member (json_node_get_object (node), "messages");
  else
    mails = json_node_get_array (node);
  g_assert_nonnull (mails);
  for (guint i = 0; i < json_array_get_length (mails); i++)
    {
      JsonObject *mail = json_array_get_object_element (mails, i);

      if (json_object_get_int_member_with_default (mail, "user_id", 0) == user_id)
        count++;
    }
  return count;
}

/* An invite is sent once: a 5xx or a dropped connection is reported, never
 * repeated behind the caller's back. */
static void
test_invite_not_repeated (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PlumbSession *session;
  guint64 sent;
  guint mails_before;

  fixture_start (&f, 0, 0);
  account = fixture_sign_in_person (&f, ADMIN_EMAIL);
  session = plumb_account_get_session (account);
  mails_before = welcome_mails (&f, 10005);

  fixture_set_faults (&f, "{\"error_rate\":1.0}");
  sent = plumb_session_get_requests_sent (session);
  plumb_api_invite_user_async (session, NORTHWIND, 10005, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_false (plumb_api_invite_user_finish (session, result, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_SERVER);
  g_assert_cmpuint (plumb_session_get_requests_sent (session) - sent, ==, 1);
  g_clear_error (&error);
  g_clear_object (&result);

  fixture_clear_faults (&f);
  fixture_set_faults (&f, "{\"drop_rate\":1.0}");
  sent = plumb_session_get_requests_sent (session);
  plumb_api_invite_user_async (session, NORTHWIND, 10005, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_false (plumb_api_invite_user_finish (session, result, &error));
  g_assert_error (error, PLUMB_ERROR, PLUMB_ERROR_UNCERTAIN);
  g_assert_cmpuint (plumb_session_get_requests_sent (session) - sent, ==, 1);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpuint (welcome_mails (&f, 10005), ==, mails_before);

  /* And with the faults gone, one invite makes one email. */
  fixture_clear_faults (&f);
  plumb_api_invite_user_async (session, NORTHWIND, 10005, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_true (plumb_api_invite_user_finish (session, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (welcome_mails (&f, 10005), ==, mails_before + 1);

  fixture_stop (&f);
}

static void
test_paging (void)
{
  Fixture f = { 0 };
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) search = NULL;
  g_autoptr(PlumbUserList) records = NULL;
  PlumbSession *session;
  guint64 sent;

  fixture_start (&f, 1234, 0);
  account = fixture_sign_in_service (&f, FALSE);
  session = plumb_account_get_session (account);

  sent = plumb_session_get_requests_sent (session);
  plumb_api_list_users_async (session, NORTHWIND, FALSE, NULL, 100, NULL, store_result, &result);
  wait_for_result (&result);
  users = plumb_api_list_users_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, >=, 1234);
  g_assert_cmpuint (plumb_session_get_requests_sent (session) - sent, ==, (users->len + 99) / 100);
  for (guint i = 1; i < users->len; i++)
    g_assert_cmpint (plumb_user_get_id (g_ptr_array_index (users, i - 1)), <,
                     plumb_user_get_id (g_ptr_array_index (users, i)));
  g_clear_object (&result);

  /* The same people as records, and as objects made from them. */
  sent = plumb_session_get_requests_sent (session);
  plumb_api_list_user_records_async (session, NORTHWIND, FALSE, NULL, 100, NULL, store_result, &result);
  wait_for_result (&result);
  records = plumb_api_list_user_records_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plumb_session_get_requests_sent (session) - sent, ==, (users->len + 99) / 100);
  g_assert_cmpuint (plumb_user_list_get_n_users (records), ==, users->len);
  for (guint i = 0; i < users->len; i++)
    {
      PlumbUser *user = g_ptr_array_index (users, i);
      g_autoptr(PlumbUser) from_record = plumb_user_list_dup_user (records, i);
      g_autoptr(JsonObject) a = plumb_user_to_json (user);
      g_autoptr(JsonObject) b = plumb_user_to_json (from_record);
      g_autoptr(JsonNode) node_a = json_node_init_object (json_node_alloc (), a);
      g_autoptr(JsonNode) node_b = json_node_init_object (json_node_alloc (), b);

      g_assert_cmpint (plumb_user_list_get_id (records, i), ==, plumb_user_get_id (user));
      g_assert_true (json_node_equal (node_a, node_b));
    }
  g_clear_object (&result);

  /* The query keeps its place on every page: newest change first, all through */
  plumb_api_list_users_async (session, NORTHWIND, FALSE, "sort=-updated_at", 70, NULL,
                              store_result, &result);
  wait_for_result (&result);
  search = plumb_api_list_users_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (search->len, ==, users->len);
  for (guint i = 1; i < search->len; i++)
    g_assert_cmpint (g_date_time_compare (plumb_user_get_updated_at (g_ptr_array_index (search, i - 1)),
                                          plumb_user_get_updated_at (g_ptr_array_index (search, i))), >=, 0);

  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/http/error-shapes", test_error_shapes);
  g_test_add_func ("/client/http/server-errors", test_server_errors);
  g_test_add_func ("/client/http/field-error", test_field_error);
  g_test_add_func ("/client/http/wait-on-429", test_wait_on_429);
  g_test_add_func ("/client/http/get-retried", test_get_retried);
  g_test_add_func ("/client/http/invite-not-repeated", test_invite_not_repeated);
  g_test_add_func ("/client/http/paging", test_paging);

  return g_test_run ();
}
