/* test-security-secrets.c: where the tokens end up after a whole session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app signs in to its embedded sandbox, syncs, adds and invites a
 * person, edits a profile and syncs again, with every debug message on and
 * GSettings written to a key file. Then the tokens it used (from memory
 * and from the keyring, the only place they may be kept) must appear in no
 * log message, in no file under its data, config and cache folders, and
 * not in its command line.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "plumb-test-dirs.h"

#include "plumb-account.h"
#include "plumb-application.h"
#include "plumb-session-private.h"
#include "plumb-sync-engine.h"
#include "plumb-token-store.h"
#include "plumb-window.h"

#include "../gui/plumb-test-gui.h"

static PlumbApplication *app;
static char *root;
static GString *logs;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append (logs, fields[i].value);
      else
        g_string_append_len (logs, fields[i].value, fields[i].length);
      g_string_append_c (logs, '\n');
    }
  /* Only what matters on the terminal; debug output would break TAP. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
wait_result (GAsyncResult **result,
             const char    *what)
{
  plumb_test_wait_until (has_result, result, 60000, what);
}

static void
add_needle (GPtrArray  *needles,
            const char *value)
{
  if (value == NULL)
    return;
  /* Short values would match by chance; every token is far longer. */
  g_assert_cmpuint (strlen (value), >=, 16);
  g_ptr_array_add (needles, g_strdup (value));
}

/* Every token of this program in the keyring. */
static void
add_keyring_tokens (GPtrArray *needles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GList *items;

  /* Every item of the schema, whatever server and account it names. */
  g_hash_table_insert (attributes, (char *) "xdg:schema", (char *) PLUMB_TOKEN_SCHEMA_NAME);
  items = secret_password_searchv_sync (NULL, attributes, SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                                        NULL, &error);
  g_assert_no_error (error);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(SecretValue) value = secret_retrievable_retrieve_secret_sync (l->data, NULL, &error);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      g_assert_no_error (error);
      g_assert_true (json_parser_load_from_data (parser, secret_value_get_text (value), -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      add_needle (needles, json_object_get_string_member_with_default (object, "access_token", NULL));
      add_needle (needles, json_object_get_string_member_with_default (object, "refresh_token", NULL));
    }
  g_list_free_full (items, g_object_unref);
}

static void
assert_not_in (const char *where,
               const char *text,
               gsize       len,
               GPtrArray  *needles)
{
  for (guint i = 0; i < needles->len; i++)
    if (g_strstr_len (text, len, g_ptr_array_index (needles, i)) != NULL)
      g_error ("A token is in %s", where);
}

static guint
assert_not_in_tree (const char *path,
                    GPtrArray  *needles)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n_files = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n_files += assert_not_in_tree (child, needles);
      else
        {
          g_autofree char *contents = NULL;
          gsize len = 0;

          if (!g_file_get_contents (child, &contents, &len, NULL))
            continue;
          assert_not_in (child, contents, len, needles);
          n_files++;
        }
    }
  return n_files;
}

static gboolean
signed_in (gpointer data)
{
  return plumb_application_get_account (app) != NULL && plumb_application_get_company_id (app) != 0 &&
         plumb_application_get_sync_engine (app) != NULL;
}

static void
test_no_secret_outside_keyring (void)
{
  g_autoptr(GPtrArray) needles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) person = json_object_new ();
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  g_autofree char *access = NULL;
  g_autofree char *cmdline = NULL;
  g_autofree char *keyfile = NULL;
  PlumbSyncEngine *engine;
  PlumbAccount *account;
  gsize len = 0;
  guint n_files;

  g_application_activate (G_APPLICATION (app));
  plumb_application_explore_sandbox_async (app, NULL, store_result, &result);
  wait_result (&result, "the sandbox sign-in");
  g_assert_true (plumb_application_explore_sandbox_finish (app, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  plumb_test_wait_until (signed_in, NULL, 30000, "the account, company and sync engine");

  engine = plumb_application_get_sync_engine (app);
  plumb_sync_engine_sync_now_async (engine, NULL, store_result, &result);
  wait_result (&result, "the first sync");
  g_assert_true (plumb_sync_engine_sync_now_finish (engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  json_object_set_string_member (person, "first_name", "Secret");
  json_object_set_string_member (person, "last_name", "Keeper");
  json_object_set_string_member (person, "email_address", "secret.keeper@example.com");
  plumb_application_add_person_async (app, person, TRUE, NULL, store_result, &result);
  wait_result (&result, "adding and inviting a person");
  g_assert_true (plumb_application_add_person_finish (app, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  json_object_set_string_member (fields, "job_title", "Security Lead");
  json_object_set_string_member (base, "job_title", "Operations Director");
  plumb_sync_engine_queue_edit_async (engine, 10001, fields, base, NULL, store_result, &result);
  wait_result (&result, "queueing a profile edit");
  g_assert_cmpint (plumb_sync_engine_queue_finish (engine, result, &error), >, 0);
  g_assert_no_error (error);
  g_clear_object (&result);

  plumb_sync_engine_sync_now_async (engine, NULL, store_result, &result);
  wait_result (&result, "the second sync");
  g_assert_true (plumb_sync_engine_sync_now_finish (engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (plumb_sync_engine_get_pending_count (engine), ==, 0);

  /* The token in use, and whatever the keyring holds. */
  account = plumb_application_get_account (app);
  plumb_account_get_token_async (account, NULL, NULL, store_result, &result);
  wait_result (&result, "the token");
  access = plumb_account_get_token_finish (account, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  add_needle (needles, access);
  add_keyring_tokens (needles);
  g_test_message ("%u token values to look for", needles->len);

  /* Debug output was on and was caught: the look is not at nothing. */
  g_assert_cmpuint (logs->len, >, 0);
  assert_not_in ("the log messages", logs->str, logs->len, needles);

  g_assert_true (g_file_get_contents ("/proc/self/cmdline", &cmdline, &len, NULL));
  assert_not_in ("the command line", cmdline, len, needles);

  n_files = assert_not_in_tree (root, needles);
  g_test_message ("%u files looked at", n_files);
  /* The store at least, and GSettings' key file once anything was set. */
  g_assert_cmpuint (n_files, >, 0);
  keyfile = g_build_filename (root, "config", "glib-2.0", "settings", "keyfile", NULL);
  g_test_message ("GSettings key file %s", g_file_test (keyfile, G_FILE_TEST_EXISTS) ? "written" : "not written");
}

/* `plumb`, a separate program, through a sign-in, a sync, an invitation and
 * a profile edit, with debug output on: no token and not the client secret
 * (handed over in the environment) in what it prints, in its files, or in
 * its command line while it runs. */
static char *
read_cmdline (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/cmdline", g_subprocess_get_identifier (process));
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return g_strdup ("");
  /* The arguments are NUL-separated: one string to search. */
  for (gsize i = 0; i < len; i++)
    if (contents[i] == '\0')
      contents[i] = ' ';
  return contents;
}

static int
run_cli (const char  *url,
         const char  *data_dir,
         GString     *output,
         GPtrArray   *cmdlines,
         char       **stdout_text,
         const char  *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;

  g_subprocess_launcher_setenv (launcher, "PLUMB_CLIENT_SECRET", PLUMB_DEMO_CLIENT_SECRET, TRUE);
  g_ptr_array_add (argv, (char *) g_getenv ("PLUMB_CLI_PROGRAM"));
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, (char *) data_dir);
  g_ptr_array_add (argv, (char *) "--server");
  g_ptr_array_add (argv, (char *) url);
  g_ptr_array_add (argv, (char *) "--company");
  g_ptr_array_add (argv, (char *) "5001");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_ptr_array_add (cmdlines, read_cmdline (process));
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_string_append (output, out);
  g_string_append (output, err);
  if (stdout_text != NULL)
    *stdout_text = g_steal_pointer (&out);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_cli_no_secret (void)
{
  const char *sandbox_program = g_getenv ("PLUMB_SANDBOX_PROGRAM");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GPtrArray) needles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cmdlines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) output = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = NULL;
  g_autofree char *data_dir = g_build_filename (root, "cli", NULL);
  g_autofree char *id = NULL;
  g_autofree char *listing = NULL;
  const char *url;
  JsonArray *people;

  g_assert_nonnull (sandbox_program);
  g_assert_nonnull (g_getenv ("PLUMB_CLI_PROGRAM"));
  sandbox = g_subprocess_launcher_spawn (launcher, &error, sandbox_program, "--port", "0", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  url = line + strlen ("Listening on ");

  g_assert_cmpint (run_cli (url, data_dir, output, cmdlines, NULL, "login", "--client-credentials",
                            "--client-id", PLUMB_DEMO_CLIENT_ID, NULL), ==, 0);
  g_assert_cmpint (run_cli (url, data_dir, output, cmdlines, NULL, "sync", NULL), ==, 0);

  g_assert_cmpint (run_cli (url, data_dir, output, cmdlines, &listing,
                            "users", "--status", "not-invited", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, listing, -1, &error));
  g_assert_no_error (error);
  people = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (people) && id == NULL; i++)
    {
      gint64 person = json_object_get_int_member (json_array_get_object_element (people, i), "id");

      if (person < 10001 || person > 10099)
        id = g_strdup_printf ("%" G_GINT64_FORMAT, person);
    }
  g_assert_nonnull (id);

  g_assert_cmpint (run_cli (url, data_dir, output, cmdlines, NULL, "invite", id, NULL), ==, 0);
  g_assert_cmpint (run_cli (url, data_dir, output, cmdlines, NULL, "profile", "set", "job_title=Keeper of Keys", NULL), ==, 0);
  g_assert_cmpint (run_cli (url, data_dir, output, cmdlines, NULL, "sync", NULL), ==, 0);
  g_assert_cmpint (run_cli (url, data_dir, output, cmdlines, NULL, "outbox", "--json", NULL), ==, 0);

  add_keyring_tokens (needles);
  g_assert_cmpuint (needles->len, >, 0);
  add_needle (needles, PLUMB_DEMO_CLIENT_SECRET);
  g_test_message ("%u secret values to look for, %u command lines", needles->len, cmdlines->len);

  g_assert_cmpuint (output->len, >, 0);
  assert_not_in ("what plumb printed", output->str, output->len, needles);
  for (guint i = 0; i < cmdlines->len; i++)
    assert_not_in ("a command line of plumb", g_ptr_array_index (cmdlines, i),
                   strlen (g_ptr_array_index (cmdlines, i)), needles);
  g_assert_cmpuint (assert_not_in_tree (data_dir, needles), >, 0);

  g_subprocess_force_exit (sandbox);
  g_subprocess_wait (sandbox, NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before anything reads them: a home of its own, GSettings in a file
   * there, every debug message on. */
  root = g_dir_make_tmp ("plumb-security-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *home = g_build_filename (root, "home", NULL);
    g_autofree char *config = g_build_filename (root, "config", NULL);
    g_autofree char *data = g_build_filename (root, "data", NULL);
    g_autofree char *cache = g_build_filename (root, "cache", NULL);
    g_autofree char *state = g_build_filename (root, "state", NULL);

    g_setenv ("HOME", home, TRUE);
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  logs = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = plumb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/security/no-secret-outside-keyring", test_no_secret_outside_keyring);
  g_test_add_func ("/security/cli-no-secret", test_cli_no_secret);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  g_string_free (logs, TRUE);
  if (status == 0)
    plumb_test_remove_tree (root);
  g_free (root);
  return status;
}
