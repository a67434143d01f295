/* test-sandbox-program.c: plumbline-sandbox as a separate program, and a big company
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sandbox-test.h"

typedef struct
{
  GSubprocess *process;
  char        *url;
} Program;

static Program *
program_start (const char *state_file)
{
  const char *path = g_getenv ("PLUMB_SANDBOX_PROGRAM");
  Program *program = g_new0 (Program, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *first = NULL;

  g_assert_nonnull (path);
  if (state_file != NULL)
    program->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                         path, "--port", "0", "--state", state_file, NULL);
  else
    program->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                         path, "--port", "0", NULL);
  g_assert_no_error (error);

  /* The first line says where it listens; the program is ready by then. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (program->process));
  first = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (g_str_has_prefix (first, "Listening on http://127.0.0.1:"));
  program->url = g_strdup (first + strlen ("Listening on "));
  return program;
}

static void
program_free (Program *program)
{
  g_clear_object (&program->process);
  g_free (program->url);
  g_free (program);
}

static TestServer *
client_for (Program *program)
{
  TestServer *ts = g_new0 (TestServer, 1);

  ts->url = g_strdup (program->url);
  ts->session = soup_session_new ();
  return ts;
}

static void
client_free (TestServer *ts)
{
  g_object_unref (ts->session);
  g_free (ts->url);
  g_free (ts);
}

static void
test_program (void)
{
  g_autofree char *dir = g_dir_make_tmp ("plumb-sandbox-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "state.json", NULL);
  g_autoptr(GError) error = NULL;
  Program *program = program_start (file);
  TestServer *ts = client_for (program);
  g_autofree char *admin = test_sign_in (ts, ADMIN_EMAIL, NULL);
  g_autoptr(Reply) me = test_request (ts, "GET", "/rest/v1.0/me", admin, NULL, NULL, NULL);
  g_autoptr(Reply) created = test_request (ts, "POST", "/rest/v1.3/companies/5001/users", admin, NORTHWIND,
                                           NULL, "{\"user\":{\"last_name\":\"Survivor\","
                                           "\"email_address\":\"survivor@northwind.example\"}}");

  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (reply_object (me), "login"), ==, ADMIN_EMAIL);
  g_assert_cmpuint (created->status, ==, 201);

  /* Killed without warning, an answered change is still there. */
  g_subprocess_force_exit (program->process);
  g_assert_true (g_subprocess_wait (program->process, NULL, &error));
  g_assert_no_error (error);
  client_free (ts);
  program_free (program);

  program = program_start (file);
  ts = client_for (program);
  {
    g_autoptr(JsonObject) survivor = test_find_user (ts, admin, NORTHWIND, "survivor@northwind.example");

    g_assert_nonnull (survivor);
  }

  /* SIGTERM stops it cleanly. */
  g_subprocess_send_signal (program->process, SIGTERM);
  g_assert_true (g_subprocess_wait (program->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (program->process));
  g_assert_cmpint (g_subprocess_get_exit_status (program->process), ==, 0);
  client_free (ts);
  program_free (program);

  g_assert_cmpint (g_remove (file), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static guint
header_uint (Reply      *reply,
             const char *name)
{
  g_assert_nonnull (reply_header (reply, name));
  return (guint) g_ascii_strtoull (reply_header (reply, name), NULL, 10);
}

static void
test_big_company (void)
{
  g_autoptr(TestServer) ts = test_server_new ("users", 100000, NULL);
  g_autofree char *token = test_service_token (ts);
  g_autoptr(Reply) first = test_request (ts, "GET", "/rest/v1.3/companies/5001/users?per_page=1000&sort=name",
                                         token, NORTHWIND, NULL, NULL);
  g_autoptr(Reply) last = test_request (ts, "GET", "/rest/v1.3/companies/5001/users?per_page=1000&page=101&sort=name",
                                        token, NORTHWIND, NULL, NULL);
  g_autoptr(Reply) inactive = test_request (ts, "GET", "/rest/v1.3/companies/5001/users/inactive?per_page=1",
                                            token, NORTHWIND, NULL, NULL);
  const char *link;

  /* The generated people, the five demo people and the service account. */
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (header_uint (first, "Total"), ==, 100000 + 5 + 1);
  g_assert_cmpuint (json_array_get_length (reply_array (first)), ==, 1000);
  g_assert_cmpuint (last->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (reply_array (last)), ==, 6);
  link = reply_header (last, "Link");
  g_assert_null (strstr (link, "rel=\"next\""));
  g_assert_nonnull (strstr (link, "page=100>; rel=\"prev\""));
  g_assert_nonnull (strstr (link, "page=101>; rel=\"last\""));
  g_assert_cmpuint (header_uint (inactive, "Total"), ==, 100000 / 50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/program/run-kill-restart-term", test_program);
  g_test_add_func ("/sandbox/program/big-company", test_big_company);

  return g_test_run ();
}
