/* plumb-cli-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "plumb-cli-account.h"
#include "plumb-environment.h"
#include "plumb-error.h"

#define STATE_GROUP "sign-in"
#define STATE_FILE  "plumb-cli.ini"

void
plumb_cli_state_free (PlumbCliState *state)
{
  if (state == NULL)
    return;
  g_free (state->api_url);
  g_free (state->login_url);
  g_free (state->client_id);
  g_free (state->account_key);
  g_free (state->login);
  g_free (state->grant);
  g_free (state);
}

static char *
data_dir (PlumbCliOptions *options)
{
  if (options->data_dir != NULL)
    return g_strdup (options->data_dir);
  return g_build_filename (g_get_user_config_dir (), "plumbline", NULL);
}

char *
plumb_cli_state_path (PlumbCliOptions *options)
{
  g_autofree char *dir = data_dir (options);

  return g_build_filename (dir, STATE_FILE, NULL);
}

PlumbCliState *
plumb_cli_state_load (PlumbCliOptions *options)
{
  g_autofree char *path = plumb_cli_state_path (options);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  PlumbCliState *state;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return NULL;

  state = g_new0 (PlumbCliState, 1);
  state->api_url = g_key_file_get_string (file, STATE_GROUP, "server", NULL);
  state->login_url = g_key_file_get_string (file, STATE_GROUP, "login-server", NULL);
  state->client_id = g_key_file_get_string (file, STATE_GROUP, "client-id", NULL);
  state->account_key = g_key_file_get_string (file, STATE_GROUP, "account", NULL);
  state->login = g_key_file_get_string (file, STATE_GROUP, "login", NULL);
  state->grant = g_key_file_get_string (file, STATE_GROUP, "grant", NULL);
  state->account_id = g_key_file_get_int64 (file, STATE_GROUP, "account-id", NULL);
  state->expires_at = g_key_file_get_int64 (file, STATE_GROUP, "token-expires-at", NULL);
  state->company_id = g_key_file_get_int64 (file, STATE_GROUP, "company-id", NULL);

  if (state->api_url == NULL || state->account_key == NULL || state->client_id == NULL)
    g_clear_pointer (&state, plumb_cli_state_free);
  return state;
}

static void
set_string (GKeyFile   *file,
            const char *key,
            const char *value)
{
  if (value != NULL)
    g_key_file_set_string (file, STATE_GROUP, key, value);
}

gboolean
plumb_cli_state_save (PlumbCliOptions  *options,
                      PlumbCliState    *state,
                      GError          **error)
{
  g_autofree char *dir = data_dir (options);
  g_autofree char *path = plumb_cli_state_path (options);
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE, _("Could not create the folder %s: %s"),
                   dir, g_strerror (errno));
      return FALSE;
    }

  set_string (file, "server", state->api_url);
  set_string (file, "login-server", state->login_url);
  set_string (file, "client-id", state->client_id);
  set_string (file, "account", state->account_key);
  set_string (file, "login", state->login);
  set_string (file, "grant", state->grant);
  g_key_file_set_int64 (file, STATE_GROUP, "account-id", state->account_id);
  g_key_file_set_int64 (file, STATE_GROUP, "token-expires-at", state->expires_at);
  if (state->company_id > 0)
    g_key_file_set_int64 (file, STATE_GROUP, "company-id", state->company_id);

  return g_key_file_save_to_file (file, path, error);
}

gboolean
plumb_cli_state_remove (PlumbCliOptions  *options,
                        GError          **error)
{
  g_autofree char *path = plumb_cli_state_path (options);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_STORE, _("Could not remove %s: %s"),
                   path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
plumb_cli_resolve_server (PlumbCliOptions  *options,
                          PlumbCliState    *state,
                          char            **api_url,
                          char            **login_url,
                          GError          **error)
{
  PlumbEnvironment env;

  if (options->server == NULL && state != NULL)
    {
      *api_url = g_strdup (state->api_url);
      *login_url = g_strdup (state->login_url != NULL ? state->login_url : state->api_url);
      return TRUE;
    }

  if (options->server == NULL || plumb_environment_from_nick (options->server, &env))
    {
      if (options->server == NULL)
        env = PLUMB_ENVIRONMENT_PRODUCTION;
      if (plumb_environment_get_api_url (env) == NULL)
        {
          g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                       _("“%s” has no fixed address: give the server’s URL, such as --server http://127.0.0.1:8080"),
                       options->server);
          return FALSE;
        }
      *api_url = g_strdup (plumb_environment_get_api_url (env));
      *login_url = g_strdup (plumb_environment_get_login_url (env));
      return TRUE;
    }

  /* A URL: the embedded sandbox (or a test server) serves both at one base. */
  *api_url = plumb_validate_base_url (options->server, error);
  if (*api_url == NULL)
    return FALSE;
  *login_url = g_strdup (*api_url);
  return TRUE;
}

void
plumb_cli_store_result (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

void
plumb_cli_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

PlumbAccount *
plumb_cli_open_account (PlumbCliOptions  *options,
                        PlumbCliState   **state_out,
                        GError          **error)
{
  g_autoptr(PlumbCliState) state = plumb_cli_state_load (options);
  g_autofree char *api_url = NULL;
  g_autofree char *login_url = NULL;
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (state == NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                           _("Not signed in. Run “plumb login” first."));
      return NULL;
    }
  if (!plumb_cli_resolve_server (options, state, &api_url, &login_url, error))
    return NULL;
  if (g_strcmp0 (api_url, state->api_url) != 0)
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                   _("Not signed in to %s. Run “plumb --server %s login” first."), api_url, options->server);
      return NULL;
    }

  account = plumb_account_new (state->api_url, state->login_url, state->client_id, TRUE);
  plumb_account_set_company_id (account, plumb_cli_company_id (options, state));
  plumb_account_restore_async (account, state->account_key, NULL, plumb_cli_store_result, &result);
  plumb_cli_wait (&result);
  if (!plumb_account_restore_finish (account, result, error))
    return NULL;

  if (state_out != NULL)
    *state_out = g_steal_pointer (&state);
  return g_steal_pointer (&account);
}

void
plumb_cli_remember (PlumbCliOptions *options,
                    PlumbCliState   *state,
                    PlumbAccount    *account)
{
  g_autoptr(GError) error = NULL;

  if (!plumb_account_get_signed_in (account))
    {
      /* The server ended the sign-in; the facts about it are stale too. */
      plumb_cli_state_remove (options, NULL);
      return;
    }
  if (state->expires_at == plumb_account_get_expires_at (account))
    return;
  state->expires_at = plumb_account_get_expires_at (account);
  if (!plumb_cli_state_save (options, state, &error))
    plumb_cli_error ("%s", error->message);
}

gint64
plumb_cli_company_id (PlumbCliOptions *options,
                      PlumbCliState   *state)
{
  if (options->company_id > 0)
    return options->company_id;
  return state != NULL ? state->company_id : 0;
}

int
plumb_cli_fail (const GError *error)
{
  plumb_cli_error ("%s", error->message);
  return 1;
}

void
plumb_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

/* For commands whose only option is the global --json, which may also come
 * after the command name. */
gboolean
plumb_cli_parse_plain (PlumbCliOptions  *options,
                       int               argc,
                       char            **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        options->json = TRUE;
      else
        {
          plumb_cli_error (_("%s: unexpected “%s” (see plumb --help)"), argv[0], argv[i]);
          return FALSE;
        }
    }
  return TRUE;
}
