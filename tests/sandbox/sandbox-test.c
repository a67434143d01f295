/* sandbox-test.c: a plain HTTP client for the sandbox tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sandbox-test.h"

TestServer *
test_server_new (const char *first_property,
                 ...)
{
  TestServer *ts = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first_property);
  ts->sandbox = PLUMB_SANDBOX (g_object_new_valist (PLUMB_TYPE_SANDBOX, first_property, args));
  va_end (args);
  g_assert_true (plumb_sandbox_start (ts->sandbox, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plumb_sandbox_get_port (ts->sandbox), >, 0);
  ts->url = g_strdup_printf ("http://127.0.0.1:%u", plumb_sandbox_get_port (ts->sandbox));
  g_assert_cmpstr (plumb_sandbox_get_url (ts->sandbox), ==, ts->url);
  ts->session = soup_session_new ();
  return ts;
}

void
test_server_free (TestServer *ts)
{
  plumb_sandbox_stop (ts->sandbox);
  g_object_unref (ts->sandbox);
  g_object_unref (ts->session);
  g_free (ts->url);
  g_free (ts);
}

void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_error (&reply->error);
  g_free (reply->text);
  g_free (reply);
}

Reply *
test_send (TestServer  *ts,
           SoupMessage *msg)
{
  Reply *reply = g_new0 (Reply, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data;

  reply->body = soup_session_send_and_read (ts->session, msg, NULL, &reply->error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (reply->body == NULL)
    return reply;
  data = g_bytes_get_data (reply->body, &len);
  reply->text = g_strndup (data, len);
  if (len > 0 && json_parser_load_from_data (parser, reply->text, len, NULL))
    reply->json = json_node_copy (json_parser_get_root (parser));
  return reply;
}

Reply *
test_request (TestServer *ts,
              const char *method,
              const char *path,
              const char *token,
              const char *company,
              const char *content_type,
              const char *body)
{
  g_autofree char *uri = g_strconcat (ts->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (company != NULL)
    soup_message_headers_replace (headers, "Procore-Company-Id", company);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json",
                                                bytes);
    }
  return test_send (ts, msg);
}

const char *
reply_header (Reply      *reply,
              const char *name)
{
  return soup_message_headers_get_one (reply->headers, name);
}

JsonObject *
reply_object (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

JsonArray *
reply_array (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (reply->json));
  return json_node_get_array (reply->json);
}

/* Approves at once through login_hint and reads the code off the page the
 * out-of-band redirect shows. */
char *
test_authorize_code (TestServer *ts,
                     const char *email)
{
  g_autofree char *hint = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/oauth/authorize?response_type=code&client_id=%s"
                                           "&redirect_uri=%s&login_hint=%s",
                                           DEMO_CLIENT_ID, OOB, hint);
  g_autoptr(Reply) reply = test_request (ts, "GET", path, NULL, NULL, NULL, NULL);
  const char *start;
  const char *end;

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 200);
  start = strstr (reply->text, "id=\"authorization-code\">");
  g_assert_nonnull (start);
  start += strlen ("id=\"authorization-code\">");
  end = strchr (start, '<');
  g_assert_nonnull (end);
  g_assert_cmpint (end - start, >, 20);
  return g_strndup (start, end - start);
}

Reply *
test_token_call (TestServer *ts,
                 const char *form)
{
  return test_request (ts, "POST", "/oauth/token", NULL, NULL,
                       "application/x-www-form-urlencoded", form);
}

static char *
member_string (JsonObject *o,
               const char *name)
{
  g_assert_true (json_object_has_member (o, name));
  return g_strdup (json_object_get_string_member (o, name));
}

char *
test_sign_in (TestServer  *ts,
              const char  *email,
              char       **refresh_token)
{
  g_autofree char *code = test_authorize_code (ts, email);
  g_autofree char *form = soup_form_encode ("grant_type", "authorization_code",
                                            "client_id", DEMO_CLIENT_ID,
                                            "client_secret", DEMO_CLIENT_SECRET,
                                            "code", code,
                                            "redirect_uri", OOB,
                                            NULL);
  g_autoptr(Reply) reply = test_token_call (ts, form);

  g_assert_cmpuint (reply->status, ==, 200);
  if (refresh_token != NULL)
    *refresh_token = member_string (reply_object (reply), "refresh_token");
  return member_string (reply_object (reply), "access_token");
}

char *
test_service_token (TestServer *ts)
{
  g_autoptr(Reply) reply = test_token_call (ts, "grant_type=client_credentials&client_id="
                                            DEMO_CLIENT_ID "&client_secret=" DEMO_CLIENT_SECRET);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_false (json_object_has_member (reply_object (reply), "refresh_token"));
  return member_string (reply_object (reply), "access_token");
}

/* The one record whose email matches, through the API's own search. */
JsonObject *
test_find_user (TestServer *ts,
                const char *token,
                const char *company,
                const char *email)
{
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/rest/v1.3/companies/%s/users?filters%%5Bsearch%%5D=%s",
                                           company, escaped);
  g_autoptr(Reply) reply = test_request (ts, "GET", path, token, company, NULL, NULL);
  JsonArray *array;

  g_assert_cmpuint (reply->status, ==, 200);
  array = reply_array (reply);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (g_ascii_strcasecmp (json_object_get_string_member (o, "email_address"), email) == 0)
        return json_object_ref (o);
    }
  return NULL;
}

void
test_advance_days (TestServer *ts,
                   int         days)
{
  g_autofree char *body = g_strdup_printf ("{\"advance_days\": %d}", days);
  g_autoptr(Reply) reply = test_request (ts, "POST", "/_sandbox/clock", NULL, NULL, NULL, body);

  g_assert_cmpuint (reply->status, ==, 200);
}
