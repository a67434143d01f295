/* plumb-token-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-json.h"
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

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      memset (text, 0, strlen (text));
      g_free (text);
    }
}

PlumbTokens *
plumb_tokens_new (void)
{
  return g_new0 (PlumbTokens, 1);
}

PlumbTokens *
plumb_tokens_copy (const PlumbTokens *tokens)
{
  PlumbTokens *copy = plumb_tokens_new ();

  copy->access_token = g_strdup (tokens->access_token);
  copy->refresh_token = g_strdup (tokens->refresh_token);
  copy->client_secret = g_strdup (tokens->client_secret);
  copy->grant = g_strdup (tokens->grant);
  copy->expires_at = tokens->expires_at;
  copy->lifetime = tokens->lifetime;
  return copy;
}

void
plumb_tokens_free (PlumbTokens *tokens)
{
  if (tokens == NULL)
    return;
  wipe_string (tokens->access_token);
  wipe_string (tokens->refresh_token);
  wipe_string (tokens->client_secret);
  g_free (tokens->grant);
  g_free (tokens);
}

/* Takes in an answer of /oauth/token. A refresh that comes back without a
 * new refresh token leaves the old one in place. */
gboolean
plumb_tokens_update_from_json (PlumbTokens  *tokens,
                               JsonNode     *answer,
                               gint64        now,
                               GError      **error)
{
  JsonObject *object;
  const char *access;
  const char *refresh;
  gint64 expires_in;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    goto bad;
  object = json_node_get_object (answer);
  access = plumb_json_string (object, "access_token");
  if (access == NULL || *access == '\0')
    goto bad;
  refresh = plumb_json_string (object, "refresh_token");
  expires_in = plumb_json_int (object, "expires_in", 5400);

  wipe_string (tokens->access_token);
  tokens->access_token = g_strdup (access);
  if (refresh != NULL && *refresh != '\0')
    {
      wipe_string (tokens->refresh_token);
      tokens->refresh_token = g_strdup (refresh);
    }
  /* Counted on our own clock, which is the one that decides when to refresh. */
  tokens->expires_at = now + MAX (expires_in, 0);
  tokens->lifetime = MAX (expires_in, 0);
  return TRUE;

bad:
  g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                       _("Procore’s sign-in service sent an answer without a token."));
  return FALSE;
}

static char *
tokens_to_secret (const PlumbTokens *tokens)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, tokens->access_token);
  if (tokens->refresh_token != NULL)
    {
      json_builder_set_member_name (builder, "refresh_token");
      json_builder_add_string_value (builder, tokens->refresh_token);
    }
  if (tokens->client_secret != NULL)
    {
      json_builder_set_member_name (builder, "client_secret");
      json_builder_add_string_value (builder, tokens->client_secret);
    }
  json_builder_set_member_name (builder, "grant");
  json_builder_add_string_value (builder, tokens->grant != NULL ? tokens->grant : "authorization_code");
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_int_value (builder, tokens->expires_at);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return text;
}

static PlumbTokens *
tokens_from_secret (const char *secret)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  PlumbTokens *tokens;

  if (!json_parser_load_from_data (parser, secret, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  if (plumb_json_string (object, "access_token") == NULL)
    return NULL;

  tokens = plumb_tokens_new ();
  tokens->access_token = g_strdup (plumb_json_string (object, "access_token"));
  tokens->refresh_token = g_strdup (plumb_json_string (object, "refresh_token"));
  tokens->client_secret = g_strdup (plumb_json_string (object, "client_secret"));
  tokens->grant = g_strdup (plumb_json_string (object, "grant") != NULL ? plumb_json_string (object, "grant") : "authorization_code");
  tokens->expires_at = plumb_json_int (object, "expires_at", 0);
  return tokens;
}

static GError *
keyring_error (GError *error)
{
  GError *result = g_error_new (PLUMB_ERROR, PLUMB_ERROR_STORE,
                                _("The sign-in could not be kept in the keyring (%s)."),
                                error->message);
  g_error_free (error);
  return result;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
plumb_token_store_save_async (const char          *server,
                              const char          *account,
                              const PlumbTokens   *tokens,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = g_strdup_printf (_("Plumbline sign-in for %s at %s"), account, server);
  char *secret = tokens_to_secret (tokens);

  g_task_set_source_tag (task, plumb_token_store_save_async);
  secret_password_store (&token_schema, SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, saved_cb, task,
                         "server", server,
                         "account", account,
                         NULL);
  wipe_string (secret);
}

gboolean
plumb_token_store_save_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;
  PlumbTokens *tokens;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }
  if (secret == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  tokens = tokens_from_secret (secret);
  secret_password_free (secret);
  g_task_return_pointer (task, tokens, (GDestroyNotify) plumb_tokens_free);
}

void
plumb_token_store_load_async (const char          *server,
                              const char          *account,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, plumb_token_store_load_async);
  secret_password_lookup (&token_schema, cancellable, loaded_cb, task,
                          "server", server,
                          "account", account,
                          NULL);
}

PlumbTokens *
plumb_token_store_load_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
plumb_token_store_clear_async (const char          *server,
                               const char          *account,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, plumb_token_store_clear_async);
  secret_password_clear (&token_schema, cancellable, cleared_cb, task,
                         "server", server,
                         "account", account,
                         NULL);
}

gboolean
plumb_token_store_clear_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
