/* plumb-cli-auth.c: plumb login, logout and whoami
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "plumb-cli-account.h"
#include "plumb-environment.h"
#include "plumb-error.h"

/* The secret comes from the option, then the environment; for a server on
 * this computer (the embedded sandbox) the demo application is the default. */
static char *
pick (const char *given,
      const char *variable,
      const char *loopback_default,
      const char *api_url)
{
  const char *env = g_getenv (variable);

  if (given != NULL && *given != '\0')
    return g_strdup (given);
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (plumb_url_is_loopback (api_url))
    return g_strdup (loopback_default);
  return NULL;
}

static char *
read_code (void)
{
  char line[8192];
  gboolean terminal = isatty (STDIN_FILENO);

  if (terminal)
    {
      fprintf (stderr, "%s ", _("Code:"));
      fflush (stderr);
    }
  if (fgets (line, sizeof line, stdin) == NULL)
    return NULL;
  return g_strstrip (g_strdup (line));
}

static void
print_signed_in (PlumbCliOptions *options,
                 PlumbAccount    *account)
{
  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, plumb_session_get_api_url (plumb_account_get_session (account)));
      json_builder_set_member_name (builder, "login");
      json_builder_add_string_value (builder, plumb_account_get_login (account));
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, plumb_account_get_user_id (account));
      json_builder_set_member_name (builder, "grant");
      json_builder_add_string_value (builder, plumb_account_get_grant (account));
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      plumb_cli_print_json (node);
      return;
    }
  printf (_("Signed in to %s as %s.\n"),
          plumb_session_get_api_url (plumb_account_get_session (account)),
          plumb_account_get_login (account) != NULL ? plumb_account_get_login (account)
                                                    : plumb_account_get_account_key (account));
}

int
plumb_cli_login (PlumbCliOptions  *options,
                 int               argc,
                 char            **argv)
{
  gboolean client_credentials = FALSE;
  g_autofree char *client_id_arg = NULL;
  g_autofree char *client_secret_arg = NULL;
  g_autofree char *login_hint = NULL;
  GOptionEntry entries[] = {
    { "client-credentials", 0, 0, G_OPTION_ARG_NONE, &client_credentials,
      N_("Sign in as the application’s service account"), NULL },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &client_id_arg,
      N_("Client id of your Procore application (or PLUMB_CLIENT_ID)"), N_("ID") },
    { "client-secret", 0, 0, G_OPTION_ARG_STRING, &client_secret_arg,
      N_("Client secret (better: PLUMB_CLIENT_SECRET, which other users cannot see)"), N_("SECRET") },
    { "login-hint", 0, 0, G_OPTION_ARG_STRING, &login_hint,
      N_("Email address to suggest on the sign-in page"), N_("EMAIL") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *login_url = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *client_secret = NULL;
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PlumbCliState) old = plumb_cli_state_load (options);
  PlumbCliState state = { 0 };
  gboolean ok;

  g_option_context_set_summary (context, _("Sign in to Procore. Without --client-credentials, opens the "
                                           "sign-in page and asks for the code it shows."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return plumb_cli_fail (error);

  if (!plumb_cli_resolve_server (options, options->server != NULL ? NULL : old, &api_url, &login_url, &error))
    return plumb_cli_fail (error);

  client_id = pick (client_id_arg, "PLUMB_CLIENT_ID", PLUMB_DEMO_CLIENT_ID, api_url);
  client_secret = pick (client_secret_arg, "PLUMB_CLIENT_SECRET", PLUMB_DEMO_CLIENT_SECRET, api_url);
  if (client_secret_arg != NULL)
    memset (client_secret_arg, 0, strlen (client_secret_arg));
  if (client_id == NULL || client_secret == NULL)
    {
      plumb_cli_error (_("give the client id and secret of your Procore application "
                         "(--client-id, and PLUMB_CLIENT_SECRET in the environment)"));
      return 2;
    }

  account = plumb_account_new (api_url, login_url, client_id, TRUE);
  plumb_account_set_company_id (account, options->company_id);

  if (client_credentials)
    {
      plumb_account_sign_in_client_credentials_async (account, client_secret, NULL,
                                                      plumb_cli_store_result, &result);
      plumb_cli_wait (&result);
      ok = plumb_account_sign_in_client_credentials_finish (account, result, &error);
    }
  else
    {
      g_autofree char *url = plumb_account_begin_authorization (account, client_secret, login_hint, &error);
      g_autofree char *pasted = NULL;

      if (url == NULL)
        return plumb_cli_fail (error);
      fprintf (stderr, "%s\n  %s\n%s\n",
               _("Open this address in a web browser and approve Plumbline:"), url,
               _("Then paste the code Procore shows (or the address of that page)."));
      if (isatty (STDIN_FILENO))
        g_app_info_launch_default_for_uri (url, NULL, NULL);
      pasted = read_code ();
      if (pasted == NULL || *pasted == '\0')
        {
          plumb_cli_error (_("no code was given"));
          return 1;
        }
      plumb_account_finish_authorization_async (account, pasted, NULL, plumb_cli_store_result, &result);
      plumb_cli_wait (&result);
      ok = plumb_account_finish_authorization_finish (account, result, &error);
    }
  memset (client_secret, 0, strlen (client_secret));
  if (!ok)
    return plumb_cli_fail (error);

  state.api_url = api_url;
  state.login_url = login_url;
  state.client_id = client_id;
  state.account_key = (char *) plumb_account_get_account_key (account);
  state.login = (char *) plumb_account_get_login (account);
  state.grant = (char *) plumb_account_get_grant (account);
  state.account_id = plumb_account_get_user_id (account);
  state.expires_at = plumb_account_get_expires_at (account);
  state.company_id = options->company_id;
  if (!plumb_cli_state_save (options, &state, &error))
    return plumb_cli_fail (error);

  print_signed_in (options, account);
  return 0;
}

int
plumb_cli_logout (PlumbCliOptions  *options,
                  int               argc,
                  char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbCliState) state = NULL;
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (!plumb_cli_parse_plain (options, argc, argv))
    return 2;

  account = plumb_cli_open_account (options, &state, &error);
  if (account == NULL)
    {
      if (g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN))
        {
          /* Nothing usable is left; make sure the remembered facts go too. */
          plumb_cli_state_remove (options, NULL);
          printf ("%s\n", _("Not signed in."));
          return 0;
        }
      return plumb_cli_fail (error);
    }

  plumb_account_sign_out_async (account, NULL, plumb_cli_store_result, &result);
  plumb_cli_wait (&result);
  if (!plumb_account_sign_out_finish (account, result, &error))
    return plumb_cli_fail (error);
  if (!plumb_cli_state_remove (options, &error))
    return plumb_cli_fail (error);

  printf (_("Signed out of %s.\n"), state->api_url);
  return 0;
}

int
plumb_cli_whoami (PlumbCliOptions  *options,
                  int               argc,
                  char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlumbCliState) state = NULL;
  g_autoptr(PlumbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *expires_text = NULL;
  gboolean ok;

  if (!plumb_cli_parse_plain (options, argc, argv))
    return 2;

  account = plumb_cli_open_account (options, &state, &error);
  if (account == NULL)
    return plumb_cli_fail (error);

  plumb_account_load_user_async (account, NULL, plumb_cli_store_result, &result);
  plumb_cli_wait (&result);
  ok = plumb_account_load_user_finish (account, result, &error);
  plumb_cli_remember (options, state, account);
  if (!ok)
    return plumb_cli_fail (error);

  expires = g_date_time_new_from_unix_utc (plumb_account_get_expires_at (account));
  expires_text = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%SZ");

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, plumb_account_get_user_id (account));
      json_builder_set_member_name (builder, "login");
      json_builder_add_string_value (builder, plumb_account_get_login (account));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, plumb_account_get_user_name (account));
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, state->api_url);
      json_builder_set_member_name (builder, "grant");
      json_builder_add_string_value (builder, plumb_account_get_grant (account));
      json_builder_set_member_name (builder, "token_expires_at");
      json_builder_add_string_value (builder, expires_text);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      plumb_cli_print_json (node);
      return 0;
    }

  printf ("%s <%s>\n", plumb_account_get_user_name (account) ? plumb_account_get_user_name (account) : "",
          plumb_account_get_login (account) ? plumb_account_get_login (account) : "");
  printf (_("Account %" G_GINT64_FORMAT " at %s\n"), plumb_account_get_user_id (account), state->api_url);
  printf (_("Signed in with %s; the access token is good until %s\n"),
          g_strcmp0 (plumb_account_get_grant (account), "client_credentials") == 0
            ? _("client credentials") : _("an authorization code"),
          expires_text);
  return 0;
}
