/* test-sandbox-world.c: mailbox, clock, faults, rate limits, state, reset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sandbox-test.h"

#define USERS "/rest/v1.3/companies/5001/users"

/* Generated people never invited, in list order. */
static JsonObject *
uninvited_person (TestServer *ts,
                  const char *token,
                  guint       skip)
{
  g_autoptr(Reply) reply = test_request (ts, "GET", USERS "?per_page=2000", token, NORTHWIND, NULL, NULL);
  JsonArray *people = reply_array (reply);

  for (guint i = 0; i < json_array_get_length (people); i++)
    {
      JsonObject *p = json_array_get_object_element (people, i);

      if (json_object_get_int_member (p, "id") >= 2000000 &&
          json_object_get_null_member (p, "welcome_email_sent_at") && skip-- == 0)
        return json_object_ref (p);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
invite (TestServer *ts,
        const char *token,
        gint64      id)
{
  g_autofree char *path = g_strdup_printf (USERS "/%" G_GINT64_FORMAT "/invite", id);
  g_autoptr(Reply) reply = test_request (ts, "PATCH", path, token, NORTHWIND, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 202);
}

static JsonArray *
mail_to (TestServer *ts,
         const char *email,
         const char *kind)
{
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/_sandbox/mailbox?to=%s%s%s", escaped,
                                           kind != NULL ? "&kind=" : "", kind != NULL ? kind : "");
  g_autoptr(Reply) reply = test_request (ts, "GET", path, NULL, NULL, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_ref (reply_array (reply));
}

static guint
count_mail (TestServer *ts,
            const char *email,
            const char *kind)
{
  g_autoptr(JsonArray) mails = mail_to (ts, email, kind);

  return json_array_get_length (mails);
}

static void
test_followups (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  char *admin = test_sign_in (ts, ADMIN_EMAIL, NULL);
  g_autoptr(JsonObject) p = uninvited_person (ts, admin, 0);
  g_autoptr(JsonObject) q = uninvited_person (ts, admin, 1);
  const char *p_email = json_object_get_string_member (p, "email_address");
  const char *q_email = json_object_get_string_member (q, "email_address");
  g_autoptr(JsonArray) followups = NULL;
  g_autoptr(JsonObject) p_after = NULL;
  g_autoptr(JsonObject) q_after = NULL;
  g_autofree char *q_token = NULL;
  GDateTime *invited;
  g_autoptr(GDateTime) first_due = NULL;
  g_autofree char *first_due_text = NULL;

  invite (ts, admin, json_object_get_int_member (p, "id"));
  invite (ts, admin, json_object_get_int_member (q, "id"));
  g_assert_cmpuint (count_mail (ts, p_email, "welcome"), ==, 1);

  test_advance_days (ts, 2);
  g_assert_cmpuint (count_mail (ts, p_email, "follow-up"), ==, 0);
  test_advance_days (ts, 1);
  g_assert_cmpuint (count_mail (ts, p_email, "follow-up"), ==, 1);
  g_assert_cmpuint (count_mail (ts, q_email, "follow-up"), ==, 1);

  /* Q signs in: no more reminders for Q. Moving the clock aged the
   * admin's token too, so the admin signs in again. */
  q_token = test_sign_in (ts, q_email, NULL);
  g_free (admin);
  admin = test_sign_in (ts, ADMIN_EMAIL, NULL);
  q_after = test_find_user (ts, admin, NORTHWIND, q_email);
  g_assert_false (json_object_get_null_member (q_after, "last_login_at"));

  test_advance_days (ts, 4);
  g_assert_cmpuint (count_mail (ts, p_email, "follow-up"), ==, 2);
  test_advance_days (ts, 7);
  g_assert_cmpuint (count_mail (ts, p_email, "follow-up"), ==, 3);
  test_advance_days (ts, 30);
  g_assert_cmpuint (count_mail (ts, p_email, "follow-up"), ==, 3);
  g_assert_cmpuint (count_mail (ts, q_email, "follow-up"), ==, 1);

  /* Sent on the day they fell due, from Procore. */
  followups = mail_to (ts, p_email, "follow-up");
  g_free (admin);
  admin = test_sign_in (ts, ADMIN_EMAIL, NULL);
  p_after = test_find_user (ts, admin, NORTHWIND, p_email);
  invited = g_date_time_new_from_iso8601 (json_object_get_string_member (p_after, "welcome_email_sent_at"), NULL);
  first_due = g_date_time_add_days (invited, 3);
  first_due_text = g_date_time_format (first_due, "%Y-%m-%dT%H:%M:%SZ");
  g_date_time_unref (invited);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (followups, 0), "sent_at"), ==,
                   first_due_text);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (followups, 0), "from"), ==,
                   "no-reply@procoretech.com");

  /* A new invitation starts the count again. */
  invite (ts, admin, json_object_get_int_member (p, "id"));
  g_assert_cmpuint (count_mail (ts, p_email, "welcome"), ==, 2);
  test_advance_days (ts, 3);
  g_assert_cmpuint (count_mail (ts, p_email, "follow-up"), ==, 4);
  g_free (admin);
}

static void
set_faults (TestServer *ts,
            const char *json)
{
  g_autoptr(Reply) reply = test_request (ts, "POST", "/_sandbox/faults", NULL, NULL, NULL, json);

  g_assert_cmpuint (reply->status, ==, 200);
}

static GString *
status_sequence (TestServer *ts,
                 const char *token,
                 guint       n)
{
  GString *seq = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(Reply) reply = test_request (ts, "GET", "/rest/v1.0/me", token, NULL, NULL, NULL);

      g_string_append_c (seq, reply->status == 500 ? 'E' : reply->status == 200 ? '.' : '?');
    }
  return seq;
}

static void
test_faults (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  g_autofree char *admin = test_sign_in (ts, ADMIN_EMAIL, NULL);
  g_autoptr(GString) first = NULL;
  g_autoptr(GString) second = NULL;
  guint errors = 0;

  set_faults (ts, "{\"error_rate\": 1.0}");
  {
    g_autoptr(Reply) api = test_request (ts, "GET", "/rest/v1.0/me", admin, NULL, NULL, NULL);
    g_autoptr(Reply) token = test_token_call (ts, "grant_type=client_credentials&client_id="
                                              DEMO_CLIENT_ID "&client_secret=" DEMO_CLIENT_SECRET);
    g_autoptr(Reply) sandbox = test_request (ts, "GET", "/_sandbox/clock", NULL, NULL, NULL, NULL);

    g_assert_cmpuint (api->status, ==, 500);
    g_assert_nonnull (json_object_get_object_member (reply_object (api), "error"));
    g_assert_cmpuint (token->status, ==, 500);
    g_assert_cmpuint (sandbox->status, ==, 200);
  }

  /* A share of errors, the same sequence for the same seed. */
  set_faults (ts, "{\"error_rate\": 0.5, \"seed\": 42}");
  first = status_sequence (ts, admin, 200);
  set_faults (ts, "{\"seed\": 42}");
  second = status_sequence (ts, admin, 200);
  g_assert_cmpstr (first->str, ==, second->str);
  g_assert_null (strchr (first->str, '?'));
  for (const char *c = first->str; *c != '\0'; c++)
    errors += *c == 'E';
  g_assert_cmpuint (errors, >, 60);
  g_assert_cmpuint (errors, <, 140);

  set_faults (ts, "{\"error_rate\": 0, \"unavailable_rate\": 1.0}");
  {
    g_autoptr(Reply) busy = test_request (ts, "GET", "/rest/v1.0/me", admin, NULL, NULL, NULL);

    g_assert_cmpuint (busy->status, ==, 503);
    g_assert_cmpstr (reply_header (busy, "Retry-After"), ==, "1");
    g_assert_nonnull (json_object_get_string_member (reply_object (busy), "message"));
  }

  set_faults (ts, "{\"unavailable_rate\": 0, \"drop_rate\": 1.0}");
  {
    g_autoptr(Reply) dropped = test_request (ts, "GET", "/rest/v1.0/me", admin, NULL, NULL, NULL);

    g_assert_nonnull (dropped->error);
    g_assert_null (dropped->body);
  }

  set_faults (ts, "{\"drop_rate\": 0, \"malformed_rate\": 1.0}");
  {
    g_autoptr(Reply) garbled = test_request (ts, "GET", "/rest/v1.0/me", admin, NULL, NULL, NULL);

    g_assert_cmpuint (garbled->status, ==, 200);
    g_assert_nonnull (garbled->body);
    g_assert_null (garbled->json);
  }

  set_faults (ts, "{\"malformed_rate\": 0, \"burst_429\": 3, \"latency_ms\": 20}");
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(Reply) reply = test_request (ts, "GET", "/rest/v1.0/me", admin, NULL, NULL, NULL);

      g_assert_cmpuint (reply->status, ==, i < 3 ? 429 : 200);
      if (i < 3)
        g_assert_cmpstr (reply_header (reply, "Retry-After"), ==, "1");
    }

  {
    g_autoptr(Reply) bad = test_request (ts, "POST", "/_sandbox/faults", NULL, NULL, NULL, "{\"error_rate\": 2}");

    g_assert_cmpuint (bad->status, ==, 422);
  }

  /* The paging faults: no Total, a next link back to page 1 from the last,
   * next links to another server. */
  set_faults (ts, "{\"burst_429\": 0, \"latency_ms\": 0, \"omit_total\": true, \"link_loop\": true, "
                  "\"next_link_base\": \"https://elsewhere.example:8443\"}");
  {
    g_autoptr(Reply) page_one = test_request (ts, "GET", "/rest/v1.3/companies/5001/users?per_page=2",
                                           admin, "5001", NULL, NULL);
    g_autoptr(Reply) last = NULL;
    g_autofree char *last_path = NULL;
    const char *links = reply_header (page_one, "Link");
    const char *last_start, *last_end;

    g_assert_cmpuint (page_one->status, ==, 200);
    g_assert_null (reply_header (page_one, "Total"));
    g_assert_cmpstr (reply_header (page_one, "Per-Page"), ==, "2");
    g_assert_nonnull (strstr (links, "<https://elsewhere.example:8443/rest/v1.3/companies/5001/users?per_page=2&page=2>; rel=\"next\""));

    /* rel="last" comes last, on the sandbox itself. */
    g_assert_true (g_str_has_suffix (links, "; rel=\"last\""));
    last_start = strstr (g_strrstr (links, "<"), "/rest/");
    last_end = strchr (last_start, '>');
    last_path = g_strndup (last_start, last_end - last_start);
    last = test_request (ts, "GET", last_path, admin, "5001", NULL, NULL);
    g_assert_cmpuint (last->status, ==, 200);
    g_assert_nonnull (strstr (reply_header (last, "Link"),
                              "<https://elsewhere.example:8443/rest/v1.3/companies/5001/users?per_page=2&page=1>; rel=\"next\""));
  }
  set_faults (ts, "{\"omit_total\": false, \"link_loop\": false, \"next_link_base\": null}");
  {
    g_autoptr(Reply) plain = test_request (ts, "GET", "/rest/v1.3/companies/5001/users?per_page=2",
                                           admin, "5001", NULL, NULL);

    g_assert_nonnull (reply_header (plain, "Total"));
    g_assert_nonnull (strstr (reply_header (plain, "Link"), ts->url));
  }
  {
    g_autoptr(Reply) bad_flag = test_request (ts, "POST", "/_sandbox/faults", NULL, NULL, NULL, "{\"omit_total\": 1}");
    g_autoptr(Reply) bad_base = test_request (ts, "POST", "/_sandbox/faults", NULL, NULL, NULL, "{\"next_link_base\": \"elsewhere\"}");

    g_assert_cmpuint (bad_flag->status, ==, 422);
    g_assert_cmpuint (bad_base->status, ==, 422);
  }
}

typedef struct
{
  gboolean  wrote;
  gboolean  done;
  gboolean  timed_out;
  GError   *error;
} HeldCall;

static void
wrote_body_cb (SoupMessage *msg,
               HeldCall    *call)
{
  call->wrote = TRUE;
}

static void
held_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  HeldCall *call = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &call->error);

  call->done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  HeldCall *call = user_data;

  call->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Stopping the server while latency holds an answer back drops the call
 * cleanly: the client sees the connection go. */
static void
test_stop_with_held_answer (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  g_autofree char *token = test_service_token (ts);
  g_autofree char *url = g_strconcat (ts->url, "/rest/v1.0/me", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  HeldCall call = { 0 };
  guint timeout;

  set_faults (ts, "{\"latency_ms\": 60000}");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Procore-Company-Id", NORTHWIND);
  g_signal_connect (msg, "wrote-body", G_CALLBACK (wrote_body_cb), &call);
  soup_session_send_and_read_async (ts->session, msg, G_PRIORITY_DEFAULT, NULL, held_done_cb, &call);

  timeout = g_timeout_add_seconds (20, timeout_cb, &call);
  while (!call.wrote && !call.timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (call.timed_out);

  plumb_sandbox_stop (ts->sandbox);
  while (!call.done && !call.timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (call.timed_out);
  g_source_remove (timeout);
  g_assert_nonnull (call.error);
  g_clear_error (&call.error);
}

static void
test_rate_limit (void)
{
  g_autoptr(TestServer) ts = test_server_new ("rate-limit", 5, NULL);
  g_autofree char *admin = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint64 retry;

  {
    /* Signing in takes one call of the allowance (the token exchange). */
    admin = test_sign_in (ts, ADMIN_EMAIL, NULL);
  }
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Reply) reply = test_request (ts, "GET", "/rest/v1.0/me", admin, NULL, NULL, NULL);
      g_autoptr(Reply) sandbox = test_request (ts, "GET", "/_sandbox/clock", NULL, NULL, NULL, NULL);

      g_assert_cmpstr (reply_header (reply, "X-Rate-Limit-Limit"), ==, "5");
      g_assert_nonnull (reply_header (sandbox, "X-Rate-Limit-Remaining"));
      if (i < 4)
        {
          g_autofree char *remaining = g_strdup_printf ("%u", 3 - i);

          g_assert_cmpuint (reply->status, ==, 200);
          g_assert_cmpstr (reply_header (reply, "X-Rate-Limit-Remaining"), ==, remaining);
          g_assert_cmpint (g_ascii_strtoll (reply_header (reply, "X-Rate-Limit-Reset"), NULL, 10), >=, now);
        }
      else
        {
          g_assert_cmpuint (reply->status, ==, 429);
          g_assert_cmpstr (reply_header (reply, "X-Rate-Limit-Remaining"), ==, "0");
          retry = g_ascii_strtoull (reply_header (reply, "Retry-After"), NULL, 10);
          g_assert_cmpuint (retry, >=, 1);
          g_assert_cmpuint (retry, <=, 10);
          g_assert_nonnull (json_object_get_string_member (reply_object (reply), "message"));
        }
      g_assert_cmpuint (sandbox->status, ==, 200);
    }
}

static void
test_state_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("plumb-sandbox-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "state.json", NULL);
  g_autofree char *admin = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonObject) p = NULL;
  gint64 id;
  g_autofree char *now_before = NULL;

  {
    g_autoptr(TestServer) ts = test_server_new ("state-file", file, "seed", (guint64) 3, NULL);
    g_autoptr(Reply) patched = NULL;
    g_autoptr(Reply) created = NULL;
    g_autoptr(Reply) clock = NULL;
    g_autofree char *path = NULL;

    admin = test_sign_in (ts, ADMIN_EMAIL, &refresh);
    p = uninvited_person (ts, admin, 0);
    id = json_object_get_int_member (p, "id");
    path = g_strdup_printf (USERS "/%" G_GINT64_FORMAT, id);
    patched = test_request (ts, "PATCH", path, admin, NORTHWIND, NULL,
                            "{\"user\":{\"job_title\":\"Kept Across Restarts\"}}");
    g_assert_cmpuint (patched->status, ==, 200);
    invite (ts, admin, id);
    created = test_request (ts, "POST", USERS, admin, NORTHWIND, NULL,
                            "{\"user\":{\"last_name\":\"Persisted\",\"email_address\":\"persisted@northwind.example\"}}");
    g_assert_cmpuint (created->status, ==, 201);
    test_advance_days (ts, 3);
    clock = test_request (ts, "GET", "/_sandbox/clock", NULL, NULL, NULL, NULL);
    now_before = g_strdup (json_object_get_string_member (reply_object (clock), "now"));
  }

  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_null (strstr (contents, admin));
  g_assert_null (strstr (contents, refresh));

  {
    /* Another seed on the command line: the file's own wins. */
    g_autoptr(TestServer) ts = test_server_new ("state-file", file, "seed", (guint64) 99, NULL);
    g_autofree char *path = g_strdup_printf (USERS "/%" G_GINT64_FORMAT, id);
    /* The access token aged with the clock; its refresh token survived the restart. */
    g_autoptr(Reply) expired = test_request (ts, "GET", path, admin, NORTHWIND, NULL, NULL);
    g_autofree char *form = g_strdup_printf ("grant_type=refresh_token&client_id=%s&client_secret=%s"
                                             "&refresh_token=%s", DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, refresh);
    g_autoptr(Reply) refreshed = test_token_call (ts, form);
    const char *fresh = json_object_get_string_member (reply_object (refreshed), "access_token");
    g_autoptr(Reply) again = test_request (ts, "GET", path, fresh, NORTHWIND, NULL, NULL);
    g_autoptr(Reply) clock = test_request (ts, "GET", "/_sandbox/clock", NULL, NULL, NULL, NULL);
    g_autoptr(JsonObject) created = test_find_user (ts, fresh, NORTHWIND, "persisted@northwind.example");
    const char *email = json_object_get_string_member (p, "email_address");

    g_assert_cmpuint (expired->status, ==, 401);
    g_assert_cmpuint (again->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (reply_object (again), "job_title"), ==, "Kept Across Restarts");
    g_assert_cmpstr (json_object_get_string_member (reply_object (again), "email_address"), ==, email);
    g_assert_false (json_object_get_null_member (reply_object (again), "welcome_email_sent_at"));
    g_assert_nonnull (created);
    g_assert_cmpstr (json_object_get_string_member (reply_object (clock), "now"), >=, now_before);
    g_assert_cmpuint (count_mail (ts, email, "welcome"), ==, 1);
    g_assert_cmpuint (count_mail (ts, email, "follow-up"), ==, 1);
    g_assert_cmpuint (refreshed->status, ==, 200);
  }

  g_assert_cmpint (g_remove (file), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_unreadable_state_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("plumb-sandbox-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "state.json", NULL);
  g_autofree char *aside = g_strconcat (file, ".unreadable", NULL);
  g_autofree char *kept = NULL;

  g_assert_true (g_file_set_contents (file, "{\"version\": 1, \"seed\": ", -1, NULL));
  g_test_expect_message ("Plumbline-Sandbox", G_LOG_LEVEL_WARNING, "Could not read the sandbox state*");
  {
    g_autoptr(TestServer) ts = test_server_new ("state-file", file, NULL);
    g_autofree char *admin = test_sign_in (ts, ADMIN_EMAIL, NULL);
    g_autoptr(Reply) me = test_request (ts, "GET", "/rest/v1.0/me", admin, NULL, NULL, NULL);

    g_assert_cmpuint (me->status, ==, 200);
  }
  g_test_assert_expected_messages ();

  /* The bad file is kept aside; a good one took its place. */
  g_assert_true (g_file_get_contents (aside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "{\"version\": 1, \"seed\": ");
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (g_remove (aside), ==, 0);
  g_assert_cmpint (g_remove (file), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_reset (void)
{
  g_autoptr(TestServer) ts = test_server_new (NULL, NULL);
  g_autofree char *admin = test_sign_in (ts, ADMIN_EMAIL, NULL);
  g_autoptr(JsonObject) p = uninvited_person (ts, admin, 0);
  g_autoptr(Reply) created = test_request (ts, "POST", USERS, admin, NORTHWIND, NULL,
                                           "{\"user\":{\"last_name\":\"Gone\",\"email_address\":\"gone@northwind.example\"}}");
  g_autoptr(Reply) reset = NULL;
  g_autoptr(Reply) clock = NULL;
  g_autoptr(Reply) mailbox = NULL;
  g_autoptr(Reply) me = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) gone = NULL;

  g_assert_cmpuint (created->status, ==, 201);
  invite (ts, admin, json_object_get_int_member (p, "id"));
  test_advance_days (ts, 10);
  set_faults (ts, "{\"error_rate\": 1.0}");

  reset = test_request (ts, "POST", "/_sandbox/reset", NULL, NULL, NULL, "{}");
  g_assert_cmpuint (reset->status, ==, 200);
  clock = test_request (ts, "GET", "/_sandbox/clock", NULL, NULL, NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (reply_object (clock), "offset_seconds"), ==, 0);
  mailbox = test_request (ts, "GET", "/_sandbox/mailbox", NULL, NULL, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (reply_array (mailbox)), ==, 0);
  me = test_request (ts, "GET", "/rest/v1.0/me", admin, NULL, NULL, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  after = test_find_user (ts, admin, NORTHWIND, json_object_get_string_member (p, "email_address"));
  g_assert_true (json_object_get_null_member (after, "welcome_email_sent_at"));
  gone = test_find_user (ts, admin, NORTHWIND, "gone@northwind.example");
  g_assert_null (gone);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/world/followups", test_followups);
  g_test_add_func ("/sandbox/world/faults", test_faults);
  g_test_add_func ("/sandbox/world/stop-with-held-answer", test_stop_with_held_answer);
  g_test_add_func ("/sandbox/world/rate-limit", test_rate_limit);
  g_test_add_func ("/sandbox/world/state-file", test_state_file);
  g_test_add_func ("/sandbox/world/unreadable-state-file", test_unreadable_state_file);
  g_test_add_func ("/sandbox/world/reset", test_reset);

  return g_test_run ();
}
