/* client-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "client-test.h"
#include "plumb-api.h"
#include "plumb-error.h"
#include "plumb-session-private.h"

#define WAIT_TIMEOUT_SECONDS 60

void
fixture_start (Fixture *fixture,
               guint    users,
               guint    token_lifetime)
{
  g_autoptr(GError) error = NULL;

  fixture->sandbox = plumb_sandbox_new ();
  g_object_set (fixture->sandbox,
                "users", users,
                "token-lifetime", token_lifetime > 0 ? token_lifetime : 5400,
                NULL);
  g_assert_true (plumb_sandbox_start (fixture->sandbox, 0, &error));
  g_assert_no_error (error);
  fixture->url = g_strdup (plumb_sandbox_get_url (fixture->sandbox));
  fixture->control = soup_session_new ();
}

void
fixture_stop (Fixture *fixture)
{
  g_clear_object (&fixture->control);
  plumb_sandbox_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
  g_clear_pointer (&fixture->url, g_free);
}

JsonNode *
fixture_request (Fixture    *fixture,
                 const char *method,
                 const char *path,
                 const char *token,
                 gint64      company_id,
                 const char *json_body,
                 guint      *status)
{
  g_autofree char *url = g_strconcat (fixture->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (company_id > 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, company_id);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Procore-Company-Id", text);
    }
  if (json_body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  body = soup_session_send_and_read (fixture->control, msg, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (msg);
  data = g_bytes_get_data (body, &len);
  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

void
fixture_set_faults (Fixture    *fixture,
                    const char *json)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = fixture_request (fixture, "POST", "/_sandbox/faults", NULL, 0, json, &status);
  g_assert_cmpuint (status, ==, 200);
}

void
fixture_clear_faults (Fixture *fixture)
{
  fixture_set_faults (fixture, "{\"error_rate\":0,\"drop_rate\":0,\"malformed_rate\":0,"
                               "\"latency_ms\":0,\"burst_429\":0,\"omit_total\":false,"
                               "\"link_loop\":false,\"next_link_base\":null}");
}

/* What a browser does with the authorize address when the person approves:
 * follow it to the page that shows the code, and give that page's address. */
char *
fixture_approve (Fixture    *fixture,
                 const char *authorize_url)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", authorize_url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  body = soup_session_send_and_read (fixture->control, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return g_uri_to_string (soup_message_get_uri (msg));
}

void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
wait_for_result (GAsyncResult **result)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, timed_out_cb, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

PlumbAccount *
fixture_sign_in_service (Fixture  *fixture,
                         gboolean  use_keyring)
{
  g_autoptr(PlumbAccount) account = plumb_account_new (fixture->url, NULL, PLUMB_DEMO_CLIENT_ID, use_keyring);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  plumb_account_set_company_id (account, NORTHWIND);
  plumb_session_set_retry_delay (plumb_account_get_session (account), 5);
  plumb_account_sign_in_client_credentials_async (account, PLUMB_DEMO_CLIENT_SECRET, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_true (plumb_account_sign_in_client_credentials_finish (account, result, &error));
  g_assert_no_error (error);
  g_assert_true (plumb_account_get_signed_in (account));
  return g_steal_pointer (&account);
}

PlumbAccount *
fixture_sign_in_person (Fixture    *fixture,
                        const char *email)
{
  g_autoptr(PlumbAccount) account = plumb_account_new (fixture->url, NULL, PLUMB_DEMO_CLIENT_ID, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;

  plumb_session_set_retry_delay (plumb_account_get_session (account), 5);
  url = plumb_account_begin_authorization (account, PLUMB_DEMO_CLIENT_SECRET, email, &error);
  g_assert_no_error (error);
  page = fixture_approve (fixture, url);
  plumb_account_finish_authorization_async (account, page, NULL, store_result, &result);
  wait_for_result (&result);
  g_assert_true (plumb_account_finish_authorization_finish (account, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (plumb_account_get_login (account), ==, email);
  return g_steal_pointer (&account);
}

char *
fixture_current_token (PlumbAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  plumb_account_get_token_async (account, NULL, NULL, store_result, &result);
  wait_for_result (&result);
  token = plumb_account_get_token_finish (account, result, &error);
  g_assert_no_error (error);
  return token;
}

/* Whether a listing may end in @error while faults are on: the network,
 * the server or a garbled body, each past the client's five tries. */
static void
assert_fault_error (const GError *error,
                    guint         round)
{
  g_test_message ("listing %u ended: %s", round, error->message);
  g_assert_true (g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_NETWORK) ||
                 g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_SERVER) ||
                 g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE));
  /* At the rates the tests set, a page fails all its tries once in 36 to
   * 73 and a listing of ten pages up to once in four: eight listings in a
   * row do not all fail. */
  g_assert_cmpuint (round, <, 7);
}

/* Lists @company_id's people (as PlumbUserList records if @records) as a
 * caller does while faults are on: a listing that ends in an error faults
 * can cause is asked for again. (libsoup sends a request again by itself
 * when a kept-alive connection was closed, so the sandbox's seeded draws do
 * not fall the same way on every run.) */
static gpointer
list_complete (PlumbSession *session,
               gint64        company_id,
               guint         per_page,
               gboolean      records)
{
  for (guint round = 0;; round++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      gpointer list;

      if (records)
        plumb_api_list_user_records_async (session, company_id, FALSE, NULL, per_page, NULL, store_result, &result);
      else
        plumb_api_list_users_async (session, company_id, FALSE, NULL, per_page, NULL, store_result, &result);
      wait_for_result (&result);
      list = records ? (gpointer) plumb_api_list_user_records_finish (session, result, &error)
                     : (gpointer) plumb_api_list_users_finish (session, result, &error);
      if (list != NULL)
        return list;
      assert_fault_error (error, round);
    }
}

GPtrArray *
fixture_list_users_complete (PlumbSession *session,
                             gint64        company_id,
                             guint         per_page)
{
  return list_complete (session, company_id, per_page, FALSE);
}

PlumbUserList *
fixture_list_records_complete (PlumbSession *session,
                               gint64        company_id,
                               guint         per_page)
{
  return list_complete (session, company_id, per_page, TRUE);
}

/* Another HTTP server: it counts requests, keeps the Authorization of the
 * last, answers "[]" or redirects to @location. */
static void
peer_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Peer *peer = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (request, "Authorization");

  peer->hits++;
  g_free (peer->authorization);
  peer->authorization = g_strdup (authorization);
  if (peer->location != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", peer->location);
      soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "[]", 2);
}

void
peer_start (Peer       *peer,
            const char *host)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, 0);
  g_autoptr(GSList) uris = NULL;

  peer->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (peer->server, NULL, peer_cb, peer, NULL);
  g_assert_true (soup_server_listen (peer->server, socket_address, 0, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (peer->server);
  g_assert_nonnull (uris);
  peer->url = g_strdup_printf ("http://%s:%d", host, g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

void
peer_stop (Peer *peer)
{
  soup_server_disconnect (peer->server);
  g_clear_object (&peer->server);
  g_free (peer->url);
  g_free (peer->authorization);
  g_free (peer->location);
}
