/* plumb-sandbox-oauth.c: OAuth 2.0 the way Procore's login host does it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "plumb-sandbox-private.h"

typedef struct
{
  const char *id;
  const char *secret;
} Client;

static const Client clients[] = {
  { PLUMB_SANDBOX_DEMO_CLIENT_ID, PLUMB_SANDBOX_DEMO_CLIENT_SECRET },
};

void
plumb_sandbox_token_free (PlumbSandboxToken *token)
{
  g_free (token->access_hash);
  g_free (token->refresh_hash);
  g_free (token->client_id);
  g_free (token);
}

char *
plumb_sandbox_hash_secret (const char *secret)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

/* 32 bytes from the kernel, base64url without padding. */
char *
plumb_sandbox_random_secret (void)
{
  guint8 buf[32];
  gsize got = 0;
  char *text;

  while (got < sizeof buf)
    {
      ssize_t r = getrandom (buf + got, sizeof buf - got, 0);

      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          g_error ("getrandom failed: %s", g_strerror (errno));
        }
      got += r;
    }
  text = g_base64_encode (buf, sizeof buf);
  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  memset (buf, 0, sizeof buf);
  return text;
}

static const Client *
find_client (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (clients); i++)
    if (strcmp (clients[i].id, id) == 0)
      return &clients[i];
  return NULL;
}

gboolean
plumb_sandbox_client_known (const char *client_id)
{
  return find_client (client_id) != NULL;
}

static gboolean
secret_equal (const char *a,
              const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  guint8 diff = la != lb;

  for (gsize i = 0; i < MIN (la, lb); i++)
    diff |= (guint8) (a[i] ^ b[i]);
  return diff == 0;
}

static void
forget_token (PlumbSandboxState *state,
              PlumbSandboxToken *token)
{
  if (token->refresh_hash != NULL)
    g_hash_table_remove (state->refresh_tokens, token->refresh_hash);
  g_hash_table_remove (state->tokens, token->access_hash);
}

PlumbSandboxToken *
plumb_sandbox_token_lookup (PlumbSandboxState *state,
                            const char        *access_token)
{
  g_autofree char *hash = NULL;
  PlumbSandboxToken *token;

  if (access_token == NULL || *access_token == '\0')
    return NULL;
  hash = plumb_sandbox_hash_secret (access_token);
  token = g_hash_table_lookup (state->tokens, hash);
  if (token == NULL)
    return NULL;
  if (plumb_sandbox_state_now (state) >= token->expires_at)
    {
      /* Keep the record while its refresh token can still be used. */
      if (token->refresh_hash == NULL)
        {
          forget_token (state, token);
          plumb_sandbox_state_changed (state);
        }
      return NULL;
    }
  return token;
}

PlumbSandboxToken *
plumb_sandbox_request_token (PlumbSandboxRequest *req)
{
  const char *header = plumb_sandbox_request_header (req, "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  return plumb_sandbox_token_lookup (req->state, header + 7);
}

static PlumbSandboxToken *
issue_token (PlumbSandboxState  *state,
             gint64              user_id,
             const char         *client_id,
             gboolean            service,
             char              **access,
             char              **refresh)
{
  PlumbSandboxToken *token = g_new0 (PlumbSandboxToken, 1);
  gint64 now = plumb_sandbox_state_now (state);
  GHashTableIter iter;
  gpointer value;

  /* Expired access tokens without a refresh token are of no use to anyone. */
  g_hash_table_iter_init (&iter, state->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PlumbSandboxToken *old = value;

      if (old->refresh_hash == NULL && old->expires_at <= now)
        g_hash_table_iter_remove (&iter);
    }

  *access = plumb_sandbox_random_secret ();
  *refresh = service ? NULL : plumb_sandbox_random_secret ();
  token->access_hash = plumb_sandbox_hash_secret (*access);
  token->refresh_hash = *refresh != NULL ? plumb_sandbox_hash_secret (*refresh) : NULL;
  token->user_id = user_id;
  token->client_id = g_strdup (client_id);
  token->service = service;
  token->created_at = plumb_sandbox_state_now (state);
  token->expires_at = token->created_at + state->token_lifetime;
  g_hash_table_insert (state->tokens, token->access_hash, token);
  if (token->refresh_hash != NULL)
    g_hash_table_insert (state->refresh_tokens, token->refresh_hash, token);
  plumb_sandbox_state_changed (state);
  return token;
}

static void
respond_token (PlumbSandboxRequest *req,
               PlumbSandboxToken   *token,
               const char          *access,
               const char          *refresh)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "access_token", access);
  json_object_set_string_member (o, "token_type", "bearer");
  json_object_set_int_member (o, "expires_in", token->expires_at - token->created_at);
  if (refresh != NULL)
    json_object_set_string_member (o, "refresh_token", refresh);
  json_object_set_int_member (o, "created_at", token->created_at);
  json_node_set_object (node, o);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "no-store");
  plumb_sandbox_respond_json (req->msg, 200, node);
}

static gboolean
pkce_matches (const char *challenge,
              const char *verifier)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autofree char *encoded = NULL;

  if (verifier == NULL)
    return FALSE;
  g_checksum_update (sum, (const guchar *) verifier, -1);
  g_checksum_get_digest (sum, digest, &len);
  encoded = g_base64_encode (digest, len);
  for (char *p = encoded; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  return strcmp (encoded, challenge) == 0;
}

/* Takes the refresh token out of use and says whose it was. */
static gboolean
consume_refresh_token (PlumbSandboxState  *state,
                       const char         *given,
                       gint64             *user_id,
                       char              **client_id)
{
  g_autofree char *hash = given != NULL ? plumb_sandbox_hash_secret (given) : NULL;
  PlumbSandboxToken *old = hash != NULL ? g_hash_table_lookup (state->refresh_tokens, hash) : NULL;

  if (old == NULL)
    return FALSE;
  *user_id = old->user_id;
  *client_id = g_strdup (old->client_id);
  g_hash_table_remove (state->refresh_tokens, old->refresh_hash);
  g_clear_pointer (&old->refresh_hash, g_free);
  if (plumb_sandbox_state_now (state) >= old->expires_at)
    g_hash_table_remove (state->tokens, old->access_hash);
  plumb_sandbox_state_changed (state);
  return TRUE;
}

static void
token_cb (PlumbSandboxRequest *req,
          gpointer             user_data)
{
  PlumbSandboxState *state = req->state;
  g_autoptr(GHashTable) form = NULL;
  const char *grant_type;
  const char *client_id;
  const char *client_secret;
  g_autofree char *basic_id = NULL;
  g_autofree char *basic_secret = NULL;
  const char *authorization = plumb_sandbox_request_header (req, "Authorization");
  const Client *client;
  PlumbSandboxToken *token;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  gboolean public_pkce = FALSE;
  gboolean refreshed = FALSE;
  gint64 refreshed_user = 0;
  g_autofree char *refreshed_client = NULL;

  if (strcmp (req->method, "POST") != 0)
    {
      plumb_sandbox_respond_oauth_error (req->msg, 405, "invalid_request", "Use POST.");
      return;
    }

  form = plumb_sandbox_request_form (req, NULL);
  grant_type = g_hash_table_lookup (form, "grant_type");
  client_id = g_hash_table_lookup (form, "client_id");
  client_secret = g_hash_table_lookup (form, "client_secret");

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Basic ", 6) == 0)
    {
      gsize len = 0;
      g_autofree guchar *decoded = g_base64_decode (authorization + 6, &len);
      g_autofree char *pair = g_strndup ((const char *) decoded, len);
      char *colon = strchr (pair, ':');

      if (colon != NULL)
        {
          *colon = '\0';
          basic_id = g_uri_unescape_string (pair, NULL);
          basic_secret = g_uri_unescape_string (colon + 1, NULL);
          client_id = basic_id;
          client_secret = basic_secret;
        }
    }

  /* Any refresh call uses the refresh token up, successful or not, even
   * one that fails client authentication. */
  if (g_strcmp0 (grant_type, "refresh_token") == 0)
    refreshed = consume_refresh_token (state, g_hash_table_lookup (form, "refresh_token"),
                                       &refreshed_user, &refreshed_client);

  client = find_client (client_id);
  if (client == NULL || (client_secret != NULL && !secret_equal (client_secret, client->secret)))
    {
      plumb_sandbox_respond_oauth_error (req->msg, 401, "invalid_client",
                                         "Client authentication failed due to unknown client, "
                                         "no client authentication included, or unsupported "
                                         "authentication method.");
      return;
    }

  if (g_strcmp0 (grant_type, "authorization_code") == 0)
    {
      const char *code = g_hash_table_lookup (form, "code");
      g_autofree char *hash = code != NULL ? plumb_sandbox_hash_secret (code) : NULL;
      JsonObject *grant = NULL;
      g_autofree char *stolen_key = NULL;
      gboolean valid;

      /* Taken out whether or not the exchange succeeds: codes are single-use. */
      if (hash != NULL && g_hash_table_steal_extended (state->codes, hash, (gpointer *) &stolen_key,
                                                      (gpointer *) &grant))
        plumb_sandbox_state_changed (state);
      valid = grant != NULL &&
              json_object_get_int_member (grant, "expires_at") > plumb_sandbox_state_now (state) &&
              g_strcmp0 (json_object_get_string_member (grant, "client_id"), client->id) == 0 &&
              g_strcmp0 (json_object_get_string_member (grant, "redirect_uri"),
                         g_hash_table_lookup (form, "redirect_uri")) == 0;
      if (valid && json_object_has_member (grant, "code_challenge"))
        {
          valid = pkce_matches (json_object_get_string_member (grant, "code_challenge"),
                                g_hash_table_lookup (form, "code_verifier"));
          public_pkce = TRUE;
        }
      if (valid && client_secret == NULL && !public_pkce)
        {
          g_clear_pointer (&grant, json_object_unref);
          plumb_sandbox_respond_oauth_error (req->msg, 401, "invalid_client",
                                             "Client authentication failed: client_secret is missing.");
          return;
        }
      if (!valid)
        {
          g_clear_pointer (&grant, json_object_unref);
          plumb_sandbox_respond_oauth_error (req->msg, 400, "invalid_grant",
                                             "The provided authorization grant is invalid, expired, "
                                             "revoked, does not match the redirection URI used in "
                                             "the authorization request, or was issued to another "
                                             "client.");
          return;
        }
      token = issue_token (state, json_object_get_int_member (grant, "user_id"), client->id,
                           FALSE, &access, &refresh);
      json_object_unref (grant);
      respond_token (req, token, access, refresh);
      return;
    }

  if (client_secret == NULL)
    {
      plumb_sandbox_respond_oauth_error (req->msg, 401, "invalid_client",
                                         "Client authentication failed: client_secret is missing.");
      return;
    }

  if (g_strcmp0 (grant_type, "refresh_token") == 0)
    {
      gboolean valid = refreshed && g_strcmp0 (refreshed_client, client->id) == 0;
      gint64 user_id = refreshed_user;

      if (!valid)
        {
          plumb_sandbox_respond_oauth_error (req->msg, 400, "invalid_grant",
                                             "The refresh token is invalid, expired, revoked or "
                                             "was already used.");
          return;
        }
      token = issue_token (state, user_id, client->id, FALSE, &access, &refresh);
      respond_token (req, token, access, refresh);
      return;
    }

  if (g_strcmp0 (grant_type, "client_credentials") == 0)
    {
      token = issue_token (state, PLUMB_SANDBOX_SERVICE_ACCOUNT_ID, client->id, TRUE, &access, &refresh);
      respond_token (req, token, access, NULL);
      return;
    }

  plumb_sandbox_respond_oauth_error (req->msg, 400, "unsupported_grant_type",
                                     "The authorization grant type is not supported by the "
                                     "authorization server.");
}

static void
revoke_cb (PlumbSandboxRequest *req,
           gpointer             user_data)
{
  PlumbSandboxState *state = req->state;
  g_autoptr(GHashTable) form = NULL;
  const char *given;
  g_autofree char *hash = NULL;
  PlumbSandboxToken *token = NULL;

  if (strcmp (req->method, "POST") != 0)
    {
      plumb_sandbox_respond_oauth_error (req->msg, 405, "invalid_request", "Use POST.");
      return;
    }
  form = plumb_sandbox_request_form (req, NULL);
  given = g_hash_table_lookup (form, "token");
  hash = given != NULL ? plumb_sandbox_hash_secret (given) : NULL;
  if (hash != NULL)
    {
      token = g_hash_table_lookup (state->tokens, hash);
      if (token == NULL)
        token = g_hash_table_lookup (state->refresh_tokens, hash);
    }
  /* Revoking either half ends the whole grant. */
  if (token != NULL)
    {
      forget_token (state, token);
      plumb_sandbox_state_changed (state);
    }
  plumb_sandbox_respond_text (req->msg, 200, "application/json; charset=utf-8", "{}", 2);
}

static void
token_info_cb (PlumbSandboxRequest *req,
               gpointer             user_data)
{
  PlumbSandboxToken *token = plumb_sandbox_request_token (req);
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *app;

  if (token == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "WWW-Authenticate",
                                    "Bearer realm=\"Procore\", error=\"invalid_token\"");
      plumb_sandbox_respond_oauth_error (req->msg, 401, "invalid_token",
                                         "The access token is invalid, expired or revoked.");
      return;
    }
  o = json_object_new ();
  node = json_node_new (JSON_NODE_OBJECT);
  app = json_object_new ();
  json_object_set_int_member (o, "resource_owner_id", token->user_id);
  json_object_set_array_member (o, "scope", json_array_new ());
  json_object_set_int_member (o, "expires_in",
                              token->expires_at - plumb_sandbox_state_now (req->state));
  json_object_set_string_member (app, "uid", token->client_id);
  json_object_set_object_member (o, "application", app);
  json_object_set_int_member (o, "created_at", token->created_at);
  json_node_set_object (node, o);
  plumb_sandbox_respond_json (req->msg, 200, node);
}

static JsonNode *
oauth_save (PlumbSandboxState *state)
{
  JsonObject *o = json_object_new ();
  JsonArray *tokens = json_array_new ();
  JsonObject *codes = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, state->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PlumbSandboxToken *token = value;
      JsonObject *t = json_object_new ();

      json_object_set_string_member (t, "access_sha256", token->access_hash);
      if (token->refresh_hash != NULL)
        json_object_set_string_member (t, "refresh_sha256", token->refresh_hash);
      json_object_set_int_member (t, "user_id", token->user_id);
      json_object_set_string_member (t, "client_id", token->client_id);
      json_object_set_int_member (t, "created_at", token->created_at);
      json_object_set_int_member (t, "expires_at", token->expires_at);
      json_object_set_boolean_member (t, "service", token->service);
      json_array_add_object_element (tokens, t);
    }
  g_hash_table_iter_init (&iter, state->codes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_object_member (codes, key, json_object_ref (value));

  json_object_set_array_member (o, "tokens", tokens);
  json_object_set_object_member (o, "codes", codes);
  json_node_take_object (node, o);
  return node;
}

static void
oauth_load (PlumbSandboxState *state,
            JsonNode          *node)
{
  JsonObject *o;
  JsonArray *tokens;
  JsonObject *codes;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  o = json_node_get_object (node);
  tokens = json_object_has_member (o, "tokens") &&
           JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "tokens"))
           ? json_object_get_array_member (o, "tokens") : NULL;
  codes = json_object_has_member (o, "codes") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "codes"))
          ? json_object_get_object_member (o, "codes") : NULL;

  for (guint i = 0; tokens != NULL && i < json_array_get_length (tokens); i++)
    {
      JsonObject *t = json_array_get_object_element (tokens, i);
      PlumbSandboxToken *token = g_new0 (PlumbSandboxToken, 1);

      token->access_hash = g_strdup (json_object_get_string_member (t, "access_sha256"));
      token->refresh_hash = g_strdup (json_object_get_string_member_with_default (t, "refresh_sha256", NULL));
      token->user_id = json_object_get_int_member (t, "user_id");
      token->client_id = g_strdup (json_object_get_string_member (t, "client_id"));
      token->created_at = json_object_get_int_member (t, "created_at");
      token->expires_at = json_object_get_int_member (t, "expires_at");
      token->service = json_object_get_boolean_member (t, "service");
      g_hash_table_replace (state->tokens, token->access_hash, token);
      if (token->refresh_hash != NULL)
        g_hash_table_replace (state->refresh_tokens, token->refresh_hash, token);
    }

  if (codes != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (codes);

      for (GList *l = names; l != NULL; l = l->next)
        g_hash_table_replace (state->codes, g_strdup (l->data),
                              json_object_ref (json_object_get_object_member (codes, l->data)));
    }
}

static void
oauth_setup (PlumbSandboxState *state)
{
  plumb_sandbox_authorize_setup (state);
  plumb_sandbox_state_add_route (state, "/oauth/token",
                                 PLUMB_SANDBOX_ROUTE_RATE_LIMITED | PLUMB_SANDBOX_ROUTE_FAULTS,
                                 token_cb, NULL);
  plumb_sandbox_state_add_route (state, "/oauth/token/info", PLUMB_SANDBOX_ROUTE_RATE_LIMITED,
                                 token_info_cb, NULL);
  plumb_sandbox_state_add_route (state, "/oauth/revoke", PLUMB_SANDBOX_ROUTE_RATE_LIMITED, revoke_cb, NULL);
}

const PlumbSandboxModule plumb_sandbox_oauth_module = {
  .name = "oauth",
  .setup = oauth_setup,
  .save = oauth_save,
  .load = oauth_load,
};
