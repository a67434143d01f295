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

#include <signal.h>
#include <sys/prctl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#define N_KILLS        25
#define N_INVITES      5
#define MAX_KILL_DELAY 400   /* milliseconds after the start */

typedef struct
{
  char        *dir;
  char        *state;
  char        *data;
  char        *url;
  guint        port;
  GSubprocess *sandbox;
} Crash;

static const char *
program (const char *variable)
{
  const char *path = g_getenv (variable);

  g_assert_nonnull (path);
  return path;
}

/* A child dies with the test, so a failed assertion leaves nothing running. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
launch (GSubprocessFlags    flags,
        const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

static void
start_sandbox (Crash *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", c->port);
  g_autofree char *line = NULL;
  const char *argv[] = { program ("PLUMB_SANDBOX_PROGRAM"), "--state", c->state, "--port", port_text, NULL };

  c->sandbox = launch (G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (c->sandbox));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  if (c->url == NULL)
    {
      c->url = g_strdup (line + strlen ("Listening on "));
      c->port = (guint) g_ascii_strtoull (strrchr (c->url, ':') + 1, NULL, 10);
    }
  g_assert_cmpstr (line + strlen ("Listening on "), ==, c->url);
}

static void
kill_sandbox (Crash *c)
{
  g_subprocess_force_exit (c->sandbox);
  g_subprocess_wait (c->sandbox, NULL, NULL);
  g_clear_object (&c->sandbox);
}

static GSubprocess *
spawn_plumb (Crash       *c,
             const char **args,
             gboolean     capture)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) program ("PLUMB_CLI_PROGRAM"));
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, c->data);
  g_ptr_array_add (argv, (char *) "--server");
  g_ptr_array_add (argv, c->url);
  g_ptr_array_add (argv, (char *) "--company");
  g_ptr_array_add (argv, (char *) "5001");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  return launch (capture ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                 (const char * const *) argv->pdata);
}

/* Runs `plumb ARGS` to its end; returns its exit status and, if asked, its
 * output. */
static int
run_plumb (Crash       *c,
           char       **output,
           const char  *first,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = spawn_plumb (c, (const char **) args->pdata, output != NULL);
  if (output != NULL)
    {
      g_subprocess_communicate_utf8 (process, NULL, NULL, output, NULL, &error);
      g_assert_no_error (error);
    }
  else
    g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static JsonNode *
http_get (SoupSession *session,
          const char  *url,
          const char  *token)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Procore-Company-Id", "5001");
    }
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return parse (text);
}

static char *
service_token (SoupSession *session,
               const char  *url)
{
  g_autofree char *token_url = g_strconcat (url, "/oauth/token", NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) form = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  const char *request = "grant_type=client_credentials&client_id=plumbline-demo&client_secret=plumbline-demo-secret";

  msg = soup_message_new ("POST", token_url);
  form = g_bytes_new_static (request, strlen (request));
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", form);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  node = parse (text);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "access_token"));
}

static void
set_latency (SoupSession *session,
             const char  *url)
{
  g_autofree char *faults_url = g_strconcat (url, "/_sandbox/faults", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", faults_url);
  g_autoptr(GBytes) request = g_bytes_new_static ("{\"latency_ms\": 15}", strlen ("{\"latency_ms\": 15}"));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Starts `plumb sync` and kills it after @delay_ms unless it ended first;
 * TRUE when it was killed. */
static gboolean
sync_and_kill (Crash *c,
               guint  delay_ms)
{
  const char *args[] = { "sync", NULL };
  g_autoptr(GSubprocess) process = spawn_plumb (c, args, FALSE);
  gboolean ended = FALSE;
  gboolean due = FALSE;
  guint id = g_timeout_add (delay_ms, timeout_cb, &due);

  g_subprocess_wait_async (process, NULL, wait_cb, &ended);
  while (!ended && !due)
    g_main_context_iteration (NULL, TRUE);
  if (!due)
    g_source_remove (id);
  if (ended)
    return FALSE;
  g_subprocess_send_signal (process, SIGKILL);
  while (!ended)
    g_main_context_iteration (NULL, TRUE);
  return g_subprocess_get_if_signaled (process);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_crash (void)
{
  Crash c = { 0 };
  g_autoptr(GError) error = NULL;
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

  c.dir = g_dir_make_tmp ("plumb-crash-XXXXXX", &error);
  g_assert_no_error (error);
  c.state = g_build_filename (c.dir, "sandbox.state", NULL);
  c.data = g_build_filename (c.dir, "data", NULL);

  start_sandbox (&c);
  g_assert_cmpint (run_plumb (&c, NULL, "login", "--client-credentials", NULL), ==, 0);
  g_assert_cmpint (run_plumb (&c, NULL, "sync", NULL), ==, 0);

  /* What the store holds, from the store alone. */
  g_assert_cmpint (run_plumb (&c, &output, "status", "--json", NULL), ==, 0);
  {
    g_autoptr(JsonNode) status_json = parse (output);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (status_json), "people"), >, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (status_json), "pending"), ==, 0);
  }
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_plumb (&c, &output, "users", "--csv", "--search", "alex morgan", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (output, "id,name,email_address,"));
  g_assert_nonnull (strstr (output, "\n10001,Alex Morgan,alex.morgan@northwind.example,"));
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_plumb (&c, NULL, "invite", "999999999", NULL), ==, 1);

  /* People never invited, not the demo people. */
  g_assert_cmpint (run_plumb (&c, &output, "users", "--status", "not-invited", "--json", NULL), ==, 0);
  users = parse (output);
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
  kill_sandbox (&c);
  g_assert_cmpint (run_plumb (&c, NULL, "profile", "set", "job_title=Offline first", "city=Crashville", NULL), ==, 0);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (run_plumb (&c, NULL, "invite", g_ptr_array_index (ids, i), NULL), ==, 0);
  g_assert_cmpint (run_plumb (&c, NULL, "profile", "set", "job_title=Kill-tested", "mobile_phone=555-0100", NULL), ==, 0);
  g_assert_cmpint (run_plumb (&c, NULL, "profile", "set", "zip=02134", NULL), ==, 0);
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_plumb (&c, &output, "outbox", "--json", NULL), ==, 0);
  {
    g_autoptr(JsonNode) queued = parse (output);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (queued)), ==, N_INVITES + 3);
  }
  /* `plumb sync` cannot finish, and says what is left. */
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_plumb (&c, &output, "sync", NULL), ==, 1);
  g_assert_nonnull (strstr (output, "8 changes are not on the server yet"));

  /* Back up, on the same address; `plumb sync` killed again and again. */
  start_sandbox (&c);
  /* A little latency stretches the sending, so more kills land in it. */
  set_latency (session, c.url);
  for (guint i = 0; i < N_KILLS; i++)
    {
      /* Half the kills early, where the changes are being sent. */
      guint delay = g_test_rand_int_range (0, i % 2 == 0 ? MAX_KILL_DELAY / 4 : MAX_KILL_DELAY);

      if (sync_and_kill (&c, delay))
        killed++;
    }
  g_test_message ("%u of %u syncs killed", killed, N_KILLS);
  g_assert_cmpuint (killed, >, 0);

  for (guint i = 0; i < 5 && status != 0; i++)
    status = run_plumb (&c, NULL, "sync", NULL);
  g_assert_cmpint (status, ==, 0);

  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_plumb (&c, &output, "outbox", "--json", NULL), ==, 0);
  outbox = parse (output);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (outbox)), ==, 0);

  token = service_token (session, c.url);
  me_url = g_strconcat (c.url, "/rest/v1.3/companies/5001/me", NULL);
  me = http_get (session, me_url, token);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "job_title"), ==, "Kill-tested");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "city"), ==, "Crashville");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "mobile_phone"), ==, "555-0100");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "zip"), ==, "02134");

  for (guint i = 0; i < emails->len; i++)
    {
      g_autofree char *escaped = g_uri_escape_string (g_ptr_array_index (emails, i), NULL, FALSE);
      g_autofree char *url = g_strdup_printf ("%s/_sandbox/mailbox?kind=welcome&to=%s", c.url, escaped);
      g_autoptr(JsonNode) mails = http_get (session, url, NULL);

      g_assert_cmpuint (json_array_get_length (json_node_get_array (mails)), ==, 1);
    }

  kill_sandbox (&c);
  remove_tree (c.dir);
  g_free (c.dir);
  g_free (c.state);
  g_free (c.data);
  g_free (c.url);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/crash", test_crash);
  return g_test_run ();
}
