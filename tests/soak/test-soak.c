/* test-soak.c: a long run of syncs, invitations and profile edits with
 * every fault on, the sandbox and the client restarted at random
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox (with a state file) and `plumb` run as separate programs.
 * Each step does one thing at random: queue an invitation of someone not
 * yet invited, queue a profile edit, run `plumb sync` to its end, run it and
 * kill it at a random moment, or kill the sandbox and start it again. The
 * sandbox fails calls all the while. At the end, with the faults off, the
 * server must hold exactly what was asked: the last value of each edited
 * field, one welcome email for each person invited, none for the others,
 * and an empty outbox.
 */

#include "config.h"

#include <string.h>

#include "plumb-test-procs.h"

#define N_STEPS          60
#define MAX_SECONDS      75    /* the steps stop early past this; the checks do not */
#define N_CANDIDATES     12
#define MAX_KILL_DELAY   500   /* milliseconds after the start */

/* Every fault at once: refused calls, 500s, 503s with a wait, dropped
 * connections, garbled answers to calls that did happen, a burst of 429s
 * and some latency. A restarted sandbox starts without them. */
static void
set_faults (PlumbTestProcs *c,
            SoupSession    *session,
            gboolean        on)
{
  g_autofree char *url = g_strconcat (c->url, "/_sandbox/faults", NULL);
  g_autofree char *json = NULL;

  if (on)
    json = g_strdup_printf ("{\"error_rate\": 0.08, \"unavailable_rate\": 0.03, \"drop_rate\": 0.08, "
                            "\"malformed_rate\": 0.08, \"burst_429\": 2, \"latency_ms\": 5, "
                            "\"seed\": %u}", g_test_rand_int_range (1, G_MAXINT32));
  else
    json = g_strdup ("{\"error_rate\": 0, \"unavailable_rate\": 0, \"drop_rate\": 0, "
                     "\"malformed_rate\": 0, \"burst_429\": 0, \"latency_ms\": 0}");
  plumb_test_post_json (session, url, json);
}

static const char *fields[] = { "job_title", "city", "zip" };

static void
test_soak (void)
{
  PlumbTestProcs c;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonNode) users = NULL;
  g_autoptr(JsonNode) outbox = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *invited = NULL;
  g_autofree char *output = NULL;
  g_autofree char *token = NULL;
  g_autofree char *me_url = NULL;
  char *last[G_N_ELEMENTS (fields)] = { NULL, };
  guint counts[5] = { 0, };
  gint64 started = g_get_monotonic_time ();
  JsonArray *list;
  JsonObject *record;
  int status = 1;
  guint steps = 0;

  plumb_test_procs_init (&c, "plumb-soak-XXXXXX");

  plumb_test_procs_start_sandbox (&c);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, NULL, "login", "--client-credentials", NULL), ==, 0);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, NULL, "sync", NULL), ==, 0);

  /* The people who may be invited: never invited so far, not demo people. */
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, &output, "users", "--status", "not-invited", "--json", NULL), ==, 0);
  users = plumb_test_parse (output);
  list = json_node_get_array (users);
  for (guint i = 0; i < json_array_get_length (list) && ids->len < N_CANDIDATES; i++)
    {
      JsonObject *user = json_array_get_object_element (list, i);
      gint64 id = json_object_get_int_member (user, "id");

      if (id >= 10001 && id <= 10099)
        continue;
      g_ptr_array_add (ids, g_strdup_printf ("%" G_GINT64_FORMAT, id));
      g_ptr_array_add (emails, g_strdup (json_object_get_string_member (user, "email_address")));
    }
  g_assert_cmpuint (ids->len, ==, N_CANDIDATES);
  invited = g_new0 (gboolean, ids->len);

  set_faults (&c, session, TRUE);
  for (steps = 0; steps < N_STEPS && g_get_monotonic_time () - started < MAX_SECONDS * G_USEC_PER_SEC; steps++)
    {
      guint action = g_test_rand_int_range (0, 5);

      counts[action]++;
      switch (action)
        {
        case 0:
          {
            /* Someone not invited yet, if anyone is left. */
            guint i = g_test_rand_int_range (0, ids->len);

            for (guint tries = 0; tries < ids->len && invited[i]; tries++)
              i = (i + 1) % ids->len;
            if (invited[i])
              break;
            g_assert_cmpint (plumb_test_procs_run_plumb (&c, NULL, "invite", g_ptr_array_index (ids, i), NULL), ==, 0);
            invited[i] = TRUE;
            break;
          }
        case 1:
          {
            guint f = g_test_rand_int_range (0, G_N_ELEMENTS (fields));
            g_autofree char *value = f == 2 ? g_strdup_printf ("%05u", g_test_rand_int_range (10000, 99999))
                                            : g_strdup_printf ("Soak %u", steps);
            g_autofree char *assignment = g_strconcat (fields[f], "=", value, NULL);

            g_assert_cmpint (plumb_test_procs_run_plumb (&c, NULL, "profile", "set", assignment, NULL), ==, 0);
            g_free (last[f]);
            last[f] = g_steal_pointer (&value);
            break;
          }
        case 2:
          /* To its end; with the faults on it may well fail. */
          plumb_test_procs_run_plumb (&c, NULL, "sync", NULL);
          break;
        case 3:
          plumb_test_procs_sync_and_kill (&c, g_test_rand_int_range (0, MAX_KILL_DELAY));
          break;
        case 4:
        default:
          plumb_test_procs_kill_sandbox (&c);
          plumb_test_procs_start_sandbox (&c);
          set_faults (&c, session, TRUE);
          break;
        }
    }
  g_test_message ("%u steps in %.1f s: %u invite, %u edit, %u sync, %u killed sync, %u sandbox restarts",
                  steps, (g_get_monotonic_time () - started) / 1e6,
                  counts[0], counts[1], counts[2], counts[3], counts[4]);

  /* The faults off: the next syncs bring everything across. */
  set_faults (&c, session, FALSE);
  for (guint i = 0; i < 5 && status != 0; i++)
    status = plumb_test_procs_run_plumb (&c, NULL, "sync", NULL);
  g_assert_cmpint (status, ==, 0);

  g_clear_pointer (&output, g_free);
  g_assert_cmpint (plumb_test_procs_run_plumb (&c, &output, "outbox", "--json", NULL), ==, 0);
  outbox = plumb_test_parse (output);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (outbox)), ==, 0);

  /* Each field as it was last set. */
  token = plumb_test_service_token (session, c.url);
  me_url = g_strconcat (c.url, "/rest/v1.3/companies/5001/me", NULL);
  me = plumb_test_http_get (session, me_url, token);
  record = json_node_get_object (me);
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    if (last[f] != NULL)
      g_assert_cmpstr (json_object_get_string_member_with_default (record, fields[f], NULL), ==, last[f]);

  /* One welcome email for each person invited, none for the others. */
  for (guint i = 0; i < emails->len; i++)
    {
      g_autofree char *escaped = g_uri_escape_string (g_ptr_array_index (emails, i), NULL, FALSE);
      g_autofree char *url = g_strdup_printf ("%s/_sandbox/mailbox?kind=welcome&to=%s", c.url, escaped);
      g_autoptr(JsonNode) mails = plumb_test_http_get (session, url, NULL);

      g_assert_cmpuint (json_array_get_length (json_node_get_array (mails)), ==, invited[i] ? 1 : 0);
    }

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    g_free (last[f]);
  plumb_test_procs_clear (&c);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/soak/faults-and-restarts", test_soak);
  return g_test_run ();
}
