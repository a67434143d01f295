/* plumb-test-procs.c: the sandbox and `plumb` as separate programs, for
 * the tests that kill and restart them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>

#include "plumb-test-procs.h"

const char *
plumb_test_program (const char *variable)
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

GSubprocess *
plumb_test_launch (GSubprocessFlags    flags,
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

/* A fresh folder for the sandbox's state file and `plumb`'s data. */
void
plumb_test_procs_init (PlumbTestProcs *c,
                       const char     *template)
{
  g_autoptr(GError) error = NULL;

  memset (c, 0, sizeof *c);
  c->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  c->state = g_build_filename (c->dir, "sandbox.state", NULL);
  c->data = g_build_filename (c->dir, "data", NULL);
}

/* Stops the sandbox and removes the folder. */
void
plumb_test_procs_clear (PlumbTestProcs *c)
{
  if (c->sandbox != NULL)
    plumb_test_procs_kill_sandbox (c);
  plumb_test_remove_tree (c->dir);
  g_clear_pointer (&c->dir, g_free);
  g_clear_pointer (&c->state, g_free);
  g_clear_pointer (&c->data, g_free);
  g_clear_pointer (&c->url, g_free);
}

void
plumb_test_procs_start_sandbox (PlumbTestProcs *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", c->port);
  g_autofree char *line = NULL;
  const char *argv[] = { plumb_test_program ("PLUMB_SANDBOX_PROGRAM"), "--state", c->state, "--port", port_text, NULL };

  c->sandbox = plumb_test_launch (G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv);
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

void
plumb_test_procs_kill_sandbox (PlumbTestProcs *c)
{
  g_subprocess_force_exit (c->sandbox);
  g_subprocess_wait (c->sandbox, NULL, NULL);
  g_clear_object (&c->sandbox);
}

GSubprocess *
plumb_test_procs_spawn_plumb (PlumbTestProcs  *c,
                              const char     **args,
                              gboolean         capture)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) plumb_test_program ("PLUMB_CLI_PROGRAM"));
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, c->data);
  g_ptr_array_add (argv, (char *) "--server");
  g_ptr_array_add (argv, c->url);
  g_ptr_array_add (argv, (char *) "--company");
  g_ptr_array_add (argv, (char *) "5001");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  return plumb_test_launch (capture ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                 (const char * const *) argv->pdata);
}

/* Runs `plumb ARGS` to its end; returns its exit status and, if asked, its
 * output. */
int
plumb_test_procs_run_plumb (PlumbTestProcs  *c,
                            char           **output,
                            const char      *first,
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

  process = plumb_test_procs_spawn_plumb (c, (const char **) args->pdata, output != NULL);
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

JsonNode *
plumb_test_parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

JsonNode *
plumb_test_http_get (SoupSession *session,
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
  return plumb_test_parse (text);
}

char *
plumb_test_service_token (SoupSession *session,
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
  node = plumb_test_parse (text);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "access_token"));
}

void
plumb_test_post_json (SoupSession *session,
                      const char  *url,
                      const char  *json)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (json, strlen (json));
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
gboolean
plumb_test_procs_sync_and_kill (PlumbTestProcs *c,
                                guint           delay_ms)
{
  const char *args[] = { "sync", NULL };
  g_autoptr(GSubprocess) process = plumb_test_procs_spawn_plumb (c, args, FALSE);
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
