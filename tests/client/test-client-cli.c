/* test-client-cli.c: `plumb` against `plumbline-sandbox`, both as separate
 * programs, and where the secrets end up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "plumb-token-store.h"

static const SecretSchema token_schema = {
  PLUMB_TOKEN_SCHEMA_NAME,
  SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

typedef struct
{
  GSubprocess *sandbox;
  char        *url;
  char        *data_dir;
  GString     *logs;       /* everything every plumb run printed */
  gboolean     quiet;      /* without G_MESSAGES_DEBUG=all */
} World;

/* A failed assertion aborts the test; the sandbox must not outlive it and
 * hold the test's output open. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
world_start (World *w)
{
  const char *program = g_getenv ("PLUMB_SANDBOX_PROGRAM");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  g_autoptr(GSubprocessLauncher) launcher = NULL;

  g_assert_nonnull (program);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  w->sandbox = g_subprocess_launcher_spawn (launcher, &error, program, "--port", "0", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (w->sandbox));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  w->url = g_strdup (line + strlen ("Listening on "));
  w->data_dir = g_dir_make_tmp ("plumb-cli-XXXXXX", &error);
  g_assert_no_error (error);
  w->logs = g_string_new (NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
world_stop (World *w)
{
  g_subprocess_force_exit (w->sandbox);
  g_subprocess_wait (w->sandbox, NULL, NULL);
  g_clear_object (&w->sandbox);
  remove_tree (w->data_dir);
  g_free (w->data_dir);
  g_free (w->url);
  g_string_free (w->logs, TRUE);
}

static GSubprocessLauncher *
launcher_new (World           *w,
              GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  /* Debug output on, so that a token in any g_debug() would be caught. */
  if (w->quiet)
    g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  else
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "PLUMB_CLIENT_SECRET", "plumbline-demo-secret", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PLUMB_CLIENT_ID");
  return launcher;
}

/* Runs plumb with @args (NULL-terminated), gathering its output. */
static int
run_plumb (World       *w,
           char       **out,
           char       **err,
           const char  *first,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (w, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PLUMB_CLI_PROGRAM"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, w->data_dir);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, "", NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_string_append (w->logs, stdout_text);
  g_string_append (w->logs, stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (process);
}

static char *
stored_secret (World      *w,
               const char *account)
{
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_sync (&token_schema, NULL, &error,
                                              "server", w->url, "account", account, NULL);

  g_assert_no_error (error);
  return secret;
}

static char *
secret_member (const char *secret,
               const char *name)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, secret, -1, NULL));
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                               name, NULL));
}

static void
assert_nowhere_but_keyring (World      *w,
                            const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (w->data_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (needle);
  g_assert_cmpuint (strlen (needle), >=, 16);
  g_assert_null (strstr (w->logs->str, needle));
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (w->data_dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_null (g_strstr_len (contents, len, needle));
    }
}

static void
test_client_credentials (void)
{
  World w = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *access = NULL;
  g_autofree char *client_secret = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *companies;

  world_start (&w);

  g_assert_cmpint (run_plumb (&w, &out, &err, "--server", w.url, "--company", "5001",
                              "login", "--client-credentials", "--client-id", "plumbline-demo", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "plumbline-demo@service-accounts"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_plumb (&w, &out, NULL, "whoami", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Plumbline Demo Service Account"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_plumb (&w, &out, NULL, "companies", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  companies = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (companies), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (companies, 0), "id"), ==, 5001);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (companies, 1), "id"), ==, 5002);

  /* The token and the client secret are in the keyring, and nowhere else. */
  secret = stored_secret (&w, "client:plumbline-demo");
  g_assert_nonnull (secret);
  access = secret_member (secret, "access_token");
  client_secret = secret_member (secret, "client_secret");
  g_assert_cmpstr (client_secret, ==, "plumbline-demo-secret");
  assert_nowhere_but_keyring (&w, access);
  assert_nowhere_but_keyring (&w, client_secret);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_plumb (&w, &out, NULL, "logout", NULL), ==, 0);
  g_clear_pointer (&secret, g_free);
  secret = stored_secret (&w, "client:plumbline-demo");
  g_assert_null (secret);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_plumb (&w, NULL, &err, "whoami", NULL), !=, 0);
  g_assert_true (g_str_has_prefix (err, "plumb: "));

  world_stop (&w);
}

/* The installed-app form: the URL goes to stderr, the pasted page address
 * comes in on stdin. */
static void
test_authorization_code (void)
{
  World w = { 0 };
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (&w, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) err_lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) browser = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autofree char *authorize = NULL;
  g_autofree char *code_page = NULL;
  g_autofree char *input = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *out = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autoptr(GOutputStream) in = NULL;
  char *line;

  world_start (&w);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("PLUMB_CLI_PROGRAM"),
                                         "--data-dir", w.data_dir, "--server", w.url, "login",
                                         "--login-hint", "alex.morgan@northwind.example", NULL);
  g_assert_no_error (error);
  err_lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  while (authorize == NULL &&
         (line = g_data_input_stream_read_line_utf8 (err_lines, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (w.logs, "%s\n", line);
      if (g_str_has_prefix (g_strchug (line), "http"))
        authorize = g_strdup (line);
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_nonnull (authorize);
  g_assert_nonnull (strstr (authorize, "state="));

  msg = soup_message_new ("GET", authorize);
  page = soup_session_send_and_read (browser, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  code_page = g_uri_to_string (soup_message_get_uri (msg));

  in = g_object_ref (g_subprocess_get_stdin_pipe (process));
  input = g_strconcat (code_page, "\n", NULL);
  g_assert_true (g_output_stream_write_all (in, input, strlen (input), NULL, NULL, &error));
  g_assert_true (g_output_stream_close (in, NULL, &error));
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  rest = g_data_input_stream_read_upto (err_lines, "", 0, NULL, NULL, NULL);
  if (rest != NULL)
    g_string_append (w.logs, rest);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_assert_cmpint (run_plumb (&w, &out, NULL, "--json", "whoami", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"login\" : \"alex.morgan@northwind.example\""));

  secret = stored_secret (&w, "alex.morgan@northwind.example");
  g_assert_nonnull (secret);
  access = secret_member (secret, "access_token");
  refresh = secret_member (secret, "refresh_token");
  assert_nowhere_but_keyring (&w, access);
  assert_nowhere_but_keyring (&w, refresh);

  g_assert_cmpint (run_plumb (&w, NULL, NULL, "logout", NULL), ==, 0);
  g_clear_pointer (&secret, g_free);
  secret = stored_secret (&w, "alex.morgan@northwind.example");
  g_assert_null (secret);

  world_stop (&w);
}

static void
test_errors_are_one_line (void)
{
  World w = { 0 };
  g_autofree char *err = NULL;

  world_start (&w);
  w.quiet = TRUE;
  g_assert_cmpint (run_plumb (&w, NULL, &err, "--server", "http://example.com", "login",
                              "--client-credentials", "--client-id", "x", NULL), !=, 0);
  g_assert_true (g_str_has_prefix (err, "plumb: "));
  g_assert_cmpuint (strlen (err), ==, strlen (strchr (err, '\n')) + (strchr (err, '\n') - err));
  g_assert_cmpstr (strchr (err, '\n'), ==, "\n");
  g_clear_pointer (&err, g_free);

  /* A service account must say which company it works in. */
  g_assert_cmpint (run_plumb (&w, NULL, NULL, "--server", w.url, "login", "--client-credentials", NULL), ==, 0);
  g_assert_cmpint (run_plumb (&w, NULL, &err, "companies", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "company"));
  g_assert_cmpstr (strchr (err, '\n'), ==, "\n");
  g_assert_cmpint (run_plumb (&w, NULL, NULL, "logout", NULL), ==, 0);

  world_stop (&w);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/cli/client-credentials", test_client_credentials);
  g_test_add_func ("/client/cli/authorization-code", test_authorization_code);
  g_test_add_func ("/client/cli/errors-are-one-line", test_errors_are_one_line);

  return g_test_run ();
}
