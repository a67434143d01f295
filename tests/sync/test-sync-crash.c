/* test-sync-crash.c: `plumb sync` killed at random moments, many times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox and `plumb` run as separate programs. Profile edits and
 * invitations are queued while the sandbox is down; then, with it back,
 * `plumb sync` is started and killed with SIGKILL at random moments, and
 * at last allowed to finish. Every edit must be on the server, every
 * invitation sent exactly once, and the outbox empty.
 */

#include "config.h"

#include <string.h>

#include "plumb-test-procs.h"

#define N_KILLS        25
#define N_INVITES      5
#define MAX_KILL_DELAY 400   /* milliseconds after the start */

static void
test_crash (void)
{
  PlumbTestProcs c;
  g_autoptr(JsonNode) users = NULL;
  g_autoptr(JsonNode) outbox = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *output = NULL;
  g_autofree char *token = NULL;
  g_autofree char *me_url = NULL;
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *list;
  guint killed = 0;
  int status = 1;

  plumb_test_procs_init (&c, "plumb-crash-XXXXXX");

  plumb_test_procs_start_sandbox (&c);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, NULL, "login", "--client-credentials", NULL), ==, 0);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, NULL, "sync", NULL), ==, 0);

  /* What the store holds, from the store alone. */
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, &output, "status", "--json", NULL), ==, 0);
  {
    g_autoptr(JsonNode) status_json = plumb_test_parse (output);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (status_json), "people"), >, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (status_json), "pending"), ==, 0);
  }
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, &output, "users", "--csv", "--search", "alex morgan", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (output, "id,name,email_address,"));
  g_assert_nonnull (strstr (output, "\n10001,Alex Morgan,alex.morgan@northwind.example,"));
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, NULL, "invite", "999999999", NULL), ==, 1);

  /* People never invited, not the demo people. */
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, &output, "users", "--status", "not-invited", "--json", NULL), ==, 0);
  users = plumb_test_parse (output);
  list = json_node_get_array (users);
  for (guint i = 0; i < json_array_get_length (list) && ids->len < N_INVITES; i++)
    {
      JsonObject *user = json_array_get_object_element (list, i);
      gint64 id = json_object_get_int_member (user, "id");

      if (id >= 10001 && id <= 10099)
        continue;
      g_ptr_array_add (ids, g_strdup_printf ("%" G_GINT64_FORMAT, id));
      g_ptr_array_add (emails, g_strdup (json_object_get_string_member (user, "email_address")));
    }
  g_assert_cmpuint (ids->len, ==, N_INVITES);

  /* The sandbox goes down; changes are queued meanwhile. */
  plumb_test_procs_kill_sandbox (&c);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, NULL, "profile", "set", "job_title=Offline first", "city=Crashville", NULL), ==, 0);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (plumb_test_procs_run_plumb (&c, NULL, "invite", g_ptr_array_index (ids, i), NULL), ==, 0);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, NULL, "profile", "set", "job_title=Kill-tested", "mobile_phone=555-0100", NULL), ==, 0);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, NULL, "profile", "set", "zip=02134", NULL), ==, 0);
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, &output, "outbox", "--json", NULL), ==, 0);
  {
    g_autoptr(JsonNode) queued = plumb_test_parse (output);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (queued)), ==, N_INVITES + 3);
  }
  /* `plumb sync` cannot finish, and says what is left. */
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, &output, "sync", NULL), ==, 1);
  g_assert_nonnull (strstr (output, "8 changes are not on the server yet"));

  /* Back up, on the same address; `plumb sync` killed again and again. */
  plumb_test_procs_start_sandbox (&c);
  /* A little latency stretches the sending, so more kills land in it. */
  {
    g_autofree char *faults_url = g_strconcat (c.url, "/_sandbox/faults", NULL);

    plumb_test_post_json (session, faults_url, "{\"latency_ms\": 15}");
  }
  for (guint i = 0; i < N_KILLS; i++)
    {
      /* Half the kills early, where the changes are being sent. */
      guint delay = g_test_rand_int_range (0, i % 2 == 0 ? MAX_KILL_DELAY / 4 : MAX_KILL_DELAY);

      if (plumb_test_procs_sync_and_kill (&c, delay))
        killed++;
    }
  g_test_message ("%u of %u syncs killed", killed, N_KILLS);
  g_assert_cmpuint (killed, >, 0);

  for (guint i = 0; i < 5 && status != 0; i++)
    status = plumb_test_procs_run_plumb (&c, NULL, "sync", NULL);
  g_assert_cmpint (status, ==, 0);

  g_clear_pointer (&output, g_free);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, &output, "outbox", "--json", NULL), ==, 0);
  outbox = plumb_test_parse (output);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (outbox)), ==, 0);

  token = plumb_test_service_token (session, c.url);
  me_url = g_strconcat (c.url, "/rest/v1.3/companies/5001/me", NULL);
  me = plumb_test_http_get (session, me_url, token);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "job_title"), ==, "Kill-tested");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "city"), ==, "Crashville");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "mobile_phone"), ==, "555-0100");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "zip"), ==, "02134");

  for (guint i = 0; i < emails->len; i++)
    {
      g_autofree char *escaped = g_uri_escape_string (g_ptr_array_index (emails, i), NULL, FALSE);
      g_autofree char *url = g_strdup_printf ("%s/_sandbox/mailbox?kind=welcome&to=%s", c.url, escaped);
      g_autoptr(JsonNode) mails = plumb_test_http_get (session, url, NULL);

      g_assert_cmpuint (json_array_get_length (json_node_get_array (mails)), ==, 1);
    }

  plumb_test_procs_clear (&c);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/crash", test_crash);
  return g_test_run ();
}
