/* plumb-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Procore's refresh tokens are single-use: a refresh spends the token even
 * when it fails. So there is never more than one refresh in flight; every
 * call that needs a fresh token while one runs waits for that one. The new
 * pair is written to the keyring in one piece before the waiters go on.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "plumb-account.h"
#include "plumb-error.h"
#include "plumb-json.h"
#include "plumb-session-private.h"
#include "plumb-token-store.h"

/* Refresh this long before the access token runs out, so a call that starts
 * just before expiry does not reach the server with a dead token. */
#define REFRESH_MARGIN_SECONDS 120

#define GRANT_CODE    "authorization_code"
#define GRANT_CLIENT  "client_credentials"

struct _PlumbAccount
{
  GObject       parent_instance;

  char         *api_url;
  char         *login_url;
  char         *client_id;
  gboolean      use_keyring;
  PlumbSession *session;

  PlumbTokens  *tokens;
  char         *account_key;
  char         *login;
  char         *user_name;
  gint64        user_id;
  gint64        company_id;

  char         *pending_state;
  char         *pending_secret;
  char         *pending_hint;

  GPtrArray    *refresh_waiters;   /* GTask*, each answering a token */
  gboolean      refreshing;
};

G_DEFINE_FINAL_TYPE (PlumbAccount, plumb_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_API_URL,
  PROP_LOGIN_URL,
  PROP_CLIENT_ID,
  PROP_USE_KEYRING,
  PROP_SIGNED_IN,
  PROP_LOGIN,
  PROP_USER_ID,
  PROP_USER_NAME,
  PROP_EXPIRES_AT,
  PROP_GRANT,
  PROP_ACCOUNT_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      memset (text, 0, strlen (text));
      g_free (text);
    }
}

static void
plumb_account_dispose (GObject *object)
{
  PlumbAccount *self = PLUMB_ACCOUNT (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (plumb_account_parent_class)->dispose (object);
}

static void
plumb_account_finalize (GObject *object)
{
  PlumbAccount *self = PLUMB_ACCOUNT (object);

  g_free (self->api_url);
  g_free (self->login_url);
  g_free (self->client_id);
  g_clear_pointer (&self->tokens, plumb_tokens_free);
  g_free (self->account_key);
  g_free (self->login);
  g_free (self->user_name);
  wipe_string (self->pending_state);
  wipe_string (self->pending_secret);
  g_free (self->pending_hint);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (plumb_account_parent_class)->finalize (object);
}

static void
plumb_account_constructed (GObject *object)
{
  PlumbAccount *self = PLUMB_ACCOUNT (object);

  G_OBJECT_CLASS (plumb_account_parent_class)->constructed (object);

  self->session = plumb_session_new (self->api_url, self->login_url);
  plumb_session_set_account (self->session, self);
}

static void
plumb_account_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlumbAccount *self = PLUMB_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_API_URL:
      g_value_set_string (value, self->api_url);
      break;
    case PROP_LOGIN_URL:
      g_value_set_string (value, self->login_url);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_USE_KEYRING:
      g_value_set_boolean (value, self->use_keyring);
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, plumb_account_get_signed_in (self));
      break;
    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;
    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;
    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;
    case PROP_EXPIRES_AT:
      g_value_set_int64 (value, plumb_account_get_expires_at (self));
      break;
    case PROP_GRANT:
      g_value_set_string (value, plumb_account_get_grant (self));
      break;
    case PROP_ACCOUNT_KEY:
      g_value_set_string (value, self->account_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_account_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlumbAccount *self = PLUMB_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_API_URL:
      self->api_url = g_value_dup_string (value);
      break;
    case PROP_LOGIN_URL:
      self->login_url = g_value_dup_string (value);
      break;
    case PROP_CLIENT_ID:
      self->client_id = g_value_dup_string (value);
      break;
    case PROP_USE_KEYRING:
      self->use_keyring = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_account_class_init (PlumbAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = plumb_account_dispose;
  object_class->finalize = plumb_account_finalize;
  object_class->constructed = plumb_account_constructed;
  object_class->get_property = plumb_account_get_property;
  object_class->set_property = plumb_account_set_property;

  properties[PROP_API_URL] = g_param_spec_string ("api-url", NULL, NULL, NULL, construct);
  properties[PROP_LOGIN_URL] = g_param_spec_string ("login-url", NULL, NULL, NULL, construct);
  properties[PROP_CLIENT_ID] = g_param_spec_string ("client-id", NULL, NULL, NULL, construct);
  properties[PROP_USE_KEYRING] = g_param_spec_boolean ("use-keyring", NULL, NULL, TRUE, construct);
  properties[PROP_SIGNED_IN] = g_param_spec_boolean ("signed-in", NULL, NULL, FALSE, readable);
  properties[PROP_LOGIN] = g_param_spec_string ("login", NULL, NULL, NULL, readable);
  properties[PROP_USER_ID] = g_param_spec_int64 ("user-id", NULL, NULL, 0, G_MAXINT64, 0, readable);
  properties[PROP_USER_NAME] = g_param_spec_string ("user-name", NULL, NULL, NULL, readable);
  properties[PROP_EXPIRES_AT] = g_param_spec_int64 ("expires-at", NULL, NULL, 0, G_MAXINT64, 0, readable);
  properties[PROP_GRANT] = g_param_spec_string ("grant", NULL, NULL, NULL, readable);
  properties[PROP_ACCOUNT_KEY] = g_param_spec_string ("account-key", NULL, NULL, NULL, readable);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plumb_account_init (PlumbAccount *self)
{
  self->use_keyring = TRUE;
  self->refresh_waiters = g_ptr_array_new ();
}

PlumbAccount *
plumb_account_new (const char *api_url,
                   const char *login_url,
                   const char *client_id,
                   gboolean    use_keyring)
{
  g_return_val_if_fail (api_url != NULL, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  return g_object_new (PLUMB_TYPE_ACCOUNT,
                       "api-url", api_url,
                       "login-url", login_url != NULL ? login_url : api_url,
                       "client-id", client_id,
                       "use-keyring", use_keyring,
                       NULL);
}

PlumbSession *
plumb_account_get_session (PlumbAccount *self)
{
  g_return_val_if_fail (PLUMB_IS_ACCOUNT (self), NULL);

  return self->session;
}

gboolean
plumb_account_get_signed_in (PlumbAccount *self)
{
  g_return_val_if_fail (PLUMB_IS_ACCOUNT (self), FALSE);

  return self->tokens != NULL && self->account_key != NULL;
}

const char *
plumb_account_get_login (PlumbAccount *self)
{
  g_return_val_if_fail (PLUMB_IS_ACCOUNT (self), NULL);

  return self->login;
}

gint64
plumb_account_get_user_id (PlumbAccount *self)
{
  g_return_val_if_fail (PLUMB_IS_ACCOUNT (self), 0);

  return self->user_id;
}

const char *
plumb_account_get_user_name (PlumbAccount *self)
{
  g_return_val_if_fail (PLUMB_IS_ACCOUNT (self), NULL);

  return self->user_name;
}

gint64
plumb_account_get_expires_at (PlumbAccount *self)
{
  g_return_val_if_fail (PLUMB_IS_ACCOUNT (self), 0);

  return self->tokens != NULL ? self->tokens->expires_at : 0;
}

const char *
plumb_account_get_grant (PlumbAccount *self)
{
  g_return_val_if_fail (PLUMB_IS_ACCOUNT (self), NULL);

  return self->tokens != NULL ? self->tokens->grant : NULL;
}

const char *
plumb_account_get_account_key (PlumbAccount *self)
{
  g_return_val_if_fail (PLUMB_IS_ACCOUNT (self), NULL);

  return self->account_key;
}

const char *
plumb_account_get_client_id (PlumbAccount *self)
{
  g_return_val_if_fail (PLUMB_IS_ACCOUNT (self), NULL);

  return self->client_id;
}

/* Service accounts need Procore-Company-Id even on /me. */
void
plumb_account_set_company_id (PlumbAccount *self,
                              gint64        company_id)
{
  g_return_if_fail (PLUMB_IS_ACCOUNT (self));

  self->company_id = company_id;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Short-lived tokens (a test server's) would otherwise be refreshed before
 * every call. */
static gint64
refresh_margin (PlumbTokens *tokens)
{
  if (tokens->lifetime > 0)
    return MIN (REFRESH_MARGIN_SECONDS, tokens->lifetime / 4);
  return REFRESH_MARGIN_SECONDS;
}

static gboolean
is_service_account (PlumbAccount *self)
{
  return self->tokens != NULL && g_strcmp0 (self->tokens->grant, GRANT_CLIENT) == 0;
}

static void
notify_all (PlumbAccount *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRES_AT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRANT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_KEY]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
forget_everything (PlumbAccount *self)
{
  g_clear_pointer (&self->tokens, plumb_tokens_free);
  g_clear_pointer (&self->account_key, g_free);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->user_name, g_free);
  self->user_id = 0;
  notify_all (self);
}

static GHashTable *
new_form (void)
{
  /* Values are wiped on the way out: they hold the secret and grants. */
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) wipe_string);
}

static void
form_add (GHashTable *form,
          const char *name,
          const char *value)
{
  g_hash_table_replace (form, (gpointer) name, g_strdup (value));
}

/* Refresh */

static void
finish_refresh (PlumbAccount *self,
                const GError *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->refresh_waiters);

  self->refresh_waiters = g_ptr_array_new ();
  self->refreshing = FALSE;

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_strdup (self->tokens->access_token), (GDestroyNotify) wipe_string);
      g_object_unref (task);
    }
}

static void
refresh_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PlumbAccount) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The new pair is in use either way; a keyring that failed only means
   * signing in again after a restart. */
  if (!plumb_token_store_save_finish (result, &error))
    g_warning ("Could not keep the refreshed sign-in: %s", error->message);
  finish_refresh (self, NULL);
}

static void
forgotten_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!plumb_token_store_clear_finish (result, &error))
    g_warning ("Could not remove a spent sign-in from the keyring: %s", error->message);
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PlumbAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(PlumbTokens) fresh = NULL;

  answer = plumb_session_post_form_finish (PLUMB_SESSION (source), result, &error);
  if (answer != NULL && self->tokens != NULL)
    {
      fresh = plumb_tokens_copy (self->tokens);
      if (!plumb_tokens_update_from_json (fresh, answer, now_seconds (), &error))
        g_clear_pointer (&fresh, plumb_tokens_free);
    }
  else if (answer != NULL)
    g_set_error_literal (&error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN, _("Signed out while refreshing."));

  if (fresh == NULL)
    {
      if (g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN) ||
          g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED))
        {
          /* The grant is gone for good: the stored one is no use either. */
          if (self->use_keyring && self->account_key != NULL)
            plumb_token_store_clear_async (self->api_url, self->account_key, NULL, forgotten_cb, NULL);
          forget_everything (self);
          g_clear_error (&error);
          g_set_error_literal (&error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                               _("Procore ended this sign-in. Sign in again."));
        }
      finish_refresh (self, error);
      return;
    }

  plumb_tokens_free (self->tokens);
  self->tokens = g_steal_pointer (&fresh);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRES_AT]);

  if (self->use_keyring && self->account_key != NULL)
    {
      plumb_token_store_save_async (self->api_url, self->account_key, self->tokens, NULL,
                                    refresh_saved_cb, g_object_ref (self));
      return;
    }
  finish_refresh (self, NULL);
}

static void
start_refresh (PlumbAccount *self)
{
  g_autoptr(GHashTable) form = new_form ();
  PlumbRequestFlags flags;

  self->refreshing = TRUE;

  form_add (form, "client_id", self->client_id);
  if (self->tokens->client_secret != NULL)
    form_add (form, "client_secret", self->tokens->client_secret);

  if (is_service_account (self))
    {
      /* Client credentials have no refresh token: ask again. */
      form_add (form, "grant_type", GRANT_CLIENT);
      flags = PLUMB_REQUEST_IDEMPOTENT;
    }
  else if (self->tokens->refresh_token != NULL)
    {
      form_add (form, "grant_type", "refresh_token");
      form_add (form, "refresh_token", self->tokens->refresh_token);
      /* A refresh token is spent by any call: never send it twice. */
      flags = PLUMB_REQUEST_ONCE;
    }
  else
    {
      g_autoptr(GError) error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                                                     _("This sign-in cannot be renewed. Sign in again."));

      finish_refresh (self, error);
      return;
    }

  plumb_session_post_form_async (self->session, "/oauth/token", form, flags, NULL,
                                 refreshed_cb, g_object_ref (self));
}

static void
join_refresh (PlumbAccount *self,
              GTask        *task)
{
  g_ptr_array_add (self->refresh_waiters, task);
  if (!self->refreshing)
    start_refresh (self);
}

void
plumb_account_get_token_async (PlumbAccount        *self,
                               const char          *rejected,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PLUMB_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_account_get_token_async);

  if (self->tokens == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN, _("Sign in to Procore first."));
      g_object_unref (task);
      return;
    }

  /* Another call refreshed since this one was sent: just use the new token. */
  if (rejected != NULL && g_strcmp0 (rejected, self->tokens->access_token) != 0 && !self->refreshing)
    {
      g_task_return_pointer (task, g_strdup (self->tokens->access_token), (GDestroyNotify) wipe_string);
      g_object_unref (task);
      return;
    }

  if (rejected != NULL || self->refreshing ||
      self->tokens->expires_at - now_seconds () < refresh_margin (self->tokens))
    {
      join_refresh (self, task);
      return;
    }

  g_task_return_pointer (task, g_strdup (self->tokens->access_token), (GDestroyNotify) wipe_string);
  g_object_unref (task);
}

char *
plumb_account_get_token_finish (PlumbAccount  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
refresh_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token = plumb_account_get_token_finish (PLUMB_ACCOUNT (source), result, &error);

  if (token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  wipe_string (token);
  g_task_return_boolean (task, TRUE);
}

void
plumb_account_refresh_async (PlumbAccount        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  GTask *inner;

  g_return_if_fail (PLUMB_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_account_refresh_async);
  if (self->tokens == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN, _("Sign in to Procore first."));
      g_object_unref (task);
      return;
    }
  inner = g_task_new (self, cancellable, refresh_done_cb, task);
  join_refresh (self, inner);
}

gboolean
plumb_account_refresh_finish (PlumbAccount  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Who is signed in */

static void
me_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *me;

  node = plumb_session_call_finish (PLUMB_SESSION (source), result, NULL, &error);
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                               _("Procore did not say who is signed in."));
      return;
    }
  me = json_node_get_object (node);
  g_free (self->login);
  self->login = g_strdup (plumb_json_string (me, "login"));
  g_free (self->user_name);
  self->user_name = g_strdup (plumb_json_string (me, "name"));
  self->user_id = plumb_json_int (me, "id", 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
  g_task_return_boolean (task, TRUE);
}

void
plumb_account_load_user_async (PlumbAccount        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PLUMB_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_account_load_user_async);
  plumb_session_call_async (self->session, "GET", "/rest/v1.0/me",
                            is_service_account (self) ? self->company_id : 0,
                            NULL, PLUMB_REQUEST_DEFAULT, cancellable, me_cb, task);
}

gboolean
plumb_account_load_user_finish (PlumbAccount  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Signing in: both grants end here once a token pair is in hand. */

static void
sign_in_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbAccount *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!plumb_token_store_save_finish (result, &error))
    {
      forget_everything (self);
      g_task_return_error (task, error);
      return;
    }
  notify_all (self);
  g_task_return_boolean (task, TRUE);
}

static void
sign_in_complete (GTask *task)
{
  PlumbAccount *self = g_task_get_source_object (task);

  if (self->account_key == NULL)
    self->account_key = g_strdup (self->login != NULL ? self->login : "");

  if (self->use_keyring)
    {
      plumb_token_store_save_async (self->api_url, self->account_key, self->tokens,
                                    g_task_get_cancellable (task), sign_in_saved_cb, task);
      return;
    }
  notify_all (self);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
sign_in_me_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  PlumbAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!plumb_account_load_user_finish (self, result, &error) &&
      !(is_service_account (self) && g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_MISSING_COMPANY)))
    {
      /* A service account without a company cannot ask /me yet; anything
       * else means the new token does not work. */
      forget_everything (self);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  sign_in_complete (task);
}

static void
sign_in_token_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  PlumbAccount *self = g_task_get_source_object (task);
  PlumbTokens *tokens = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = plumb_session_post_form_finish (PLUMB_SESSION (source), result, &error);
  if (answer == NULL || !plumb_tokens_update_from_json (tokens, answer, now_seconds (), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&self->tokens, plumb_tokens_free);
  g_clear_pointer (&self->account_key, g_free);
  g_clear_pointer (&self->login, g_free);
  self->tokens = plumb_tokens_copy (tokens);
  if (is_service_account (self))
    self->account_key = g_strconcat ("client:", self->client_id, NULL);

  plumb_account_load_user_async (self, g_task_get_cancellable (task), sign_in_me_cb, task);
}

void
plumb_account_sign_in_client_credentials_async (PlumbAccount        *self,
                                                const char          *client_secret,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_autoptr(GHashTable) form = new_form ();
  PlumbTokens *tokens;
  GTask *task;

  g_return_if_fail (PLUMB_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_account_sign_in_client_credentials_async);
  if (client_secret == NULL || *client_secret == '\0')
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                               _("Enter the client secret of your Procore application."));
      g_object_unref (task);
      return;
    }

  tokens = plumb_tokens_new ();
  tokens->grant = g_strdup (GRANT_CLIENT);
  tokens->client_secret = g_strdup (client_secret);
  g_task_set_task_data (task, tokens, (GDestroyNotify) plumb_tokens_free);

  form_add (form, "grant_type", GRANT_CLIENT);
  form_add (form, "client_id", self->client_id);
  form_add (form, "client_secret", client_secret);
  plumb_session_post_form_async (self->session, "/oauth/token", form, PLUMB_REQUEST_IDEMPOTENT,
                                 cancellable, sign_in_token_cb, task);
}

gboolean
plumb_account_sign_in_client_credentials_finish (PlumbAccount  *self,
                                                 GAsyncResult  *result,
                                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The OAuth state: 32 bytes from the kernel's generator, URL-safe. */
static char *
random_state (GError **error)
{
  guint8 bytes[32];
  gsize filled = 0;
  char *text;

  while (filled < sizeof bytes)
    {
      ssize_t got = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_FAILED,
                       _("This computer could not make a random number: %s"), g_strerror (errno));
          return NULL;
        }
      filled += (gsize) got;
    }

  text = g_base64_encode (bytes, sizeof bytes);
  memset (bytes, 0, sizeof bytes);
  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  return text;
}

char *
plumb_account_begin_authorization (PlumbAccount  *self,
                                   const char    *client_secret,
                                   const char    *login_hint,
                                   GError       **error)
{
  g_autoptr(GString) url = NULL;
  g_autofree char *client = NULL;
  g_autofree char *redirect = NULL;
  char *state;

  g_return_val_if_fail (PLUMB_IS_ACCOUNT (self), NULL);

  if (client_secret == NULL || *client_secret == '\0')
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("Enter the client secret of your Procore application."));
      return NULL;
    }
  state = random_state (error);
  if (state == NULL)
    return NULL;

  wipe_string (self->pending_state);
  self->pending_state = state;
  wipe_string (self->pending_secret);
  self->pending_secret = g_strdup (client_secret);

  client = g_uri_escape_string (self->client_id, NULL, FALSE);
  redirect = g_uri_escape_string (PLUMB_OOB_REDIRECT_URI, NULL, FALSE);
  url = g_string_new (self->login_url);
  g_string_append_printf (url, "/oauth/authorize?response_type=code&client_id=%s&redirect_uri=%s&state=%s",
                          client, redirect, state);
  if (login_hint != NULL && *login_hint != '\0')
    {
      g_autofree char *hint = g_uri_escape_string (login_hint, NULL, FALSE);

      g_string_append_printf (url, "&login_hint=%s", hint);
    }
  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* The code from what a person pasted: the bare code, or the address of the
 * page that showed it (which may carry state, checked here, or an error). */
static char *
extract_code (PlumbAccount  *self,
              const char    *pasted,
              GError       **error)
{
  g_autofree char *text = g_strstrip (g_strdup (pasted != NULL ? pasted : ""));
  const char *query;
  g_autoptr(GHashTable) params = NULL;
  const char *code;
  const char *state;

  if (*text == '\0')
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("Paste the code that Procore showed after you approved Plumbline."));
      return NULL;
    }

  query = strchr (text, '?');
  if (query == NULL && strchr (text, '=') == NULL)
    return g_steal_pointer (&text);

  query = query != NULL ? query + 1 : text;
  {
    g_autofree char *clean = g_strndup (query, strcspn (query, "#"));

    params = g_uri_parse_params (clean, -1, "&", G_URI_PARAMS_NONE, NULL);
  }
  if (params == NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("This address does not contain an authorization code."));
      return NULL;
    }
  if (g_hash_table_lookup (params, "error") != NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_FORBIDDEN,
                           _("Procore did not give Plumbline access. Try again and choose Allow."));
      return NULL;
    }
  state = g_hash_table_lookup (params, "state");
  if (state != NULL && g_strcmp0 (state, self->pending_state) != 0)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_STATE_MISMATCH,
                           _("This code belongs to a different sign-in attempt. Start signing in again."));
      return NULL;
    }
  code = g_hash_table_lookup (params, "code");
  if (code == NULL || *code == '\0')
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("This address does not contain an authorization code."));
      return NULL;
    }
  return g_strdup (code);
}

void
plumb_account_finish_authorization_async (PlumbAccount        *self,
                                          const char          *pasted,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GHashTable) form = new_form ();
  g_autoptr(GError) error = NULL;
  PlumbTokens *tokens;
  char *code;
  GTask *task;

  g_return_if_fail (PLUMB_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_account_finish_authorization_async);

  if (self->pending_state == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_STATE_MISMATCH,
                               _("Start signing in again: this code was not asked for here."));
      g_object_unref (task);
      return;
    }
  code = extract_code (self, pasted, &error);
  /* One attempt per state, whatever happens. */
  g_clear_pointer (&self->pending_state, wipe_string);
  if (code == NULL)
    {
      g_clear_pointer (&self->pending_secret, wipe_string);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  tokens = plumb_tokens_new ();
  tokens->grant = g_strdup (GRANT_CODE);
  tokens->client_secret = g_steal_pointer (&self->pending_secret);
  g_task_set_task_data (task, tokens, (GDestroyNotify) plumb_tokens_free);

  form_add (form, "grant_type", GRANT_CODE);
  form_add (form, "client_id", self->client_id);
  form_add (form, "client_secret", tokens->client_secret);
  form_add (form, "redirect_uri", PLUMB_OOB_REDIRECT_URI);
  g_hash_table_replace (form, (gpointer) "code", code);
  /* The code is single-use: a lost answer cannot be asked for again. */
  plumb_session_post_form_async (self->session, "/oauth/token", form, PLUMB_REQUEST_ONCE,
                                 cancellable, sign_in_token_cb, task);
}

gboolean
plumb_account_finish_authorization_finish (PlumbAccount  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Restore */

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbAccount *self = g_task_get_source_object (task);
  GError *error = NULL;
  PlumbTokens *tokens;

  tokens = plumb_token_store_load_finish (result, &error);
  if (tokens == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                                     _("Not signed in. Sign in first."));
      g_task_return_error (task, error);
      return;
    }

  g_clear_pointer (&self->tokens, plumb_tokens_free);
  self->tokens = tokens;
  g_free (self->account_key);
  self->account_key = g_strdup (g_task_get_task_data (task));
  if (!is_service_account (self))
    {
      g_free (self->login);
      self->login = g_strdup (self->account_key);
    }
  notify_all (self);
  g_task_return_boolean (task, TRUE);
}

void
plumb_account_restore_async (PlumbAccount        *self,
                             const char          *account_key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PLUMB_IS_ACCOUNT (self));
  g_return_if_fail (account_key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_account_restore_async);
  g_task_set_task_data (task, g_strdup (account_key), g_free);
  if (!self->use_keyring)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                               _("Not signed in. Sign in first."));
      g_object_unref (task);
      return;
    }
  plumb_token_store_load_async (self->api_url, account_key, cancellable, restored_cb, task);
}

gboolean
plumb_account_restore_finish (PlumbAccount  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Sign out: the server forgets the grant, then so do we. Revoking is best
 * effort (the server answers 200 even for unknown tokens); forgetting is not. */

typedef struct
{
  PlumbTokens *tokens;
  char        *account_key;
  guint        step;
} SignOut;

static void
sign_out_free (SignOut *data)
{
  plumb_tokens_free (data->tokens);
  g_free (data->account_key);
  g_free (data);
}

static void sign_out_step (GTask *task);

static void
sign_out_cleared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!plumb_token_store_clear_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
sign_out_revoked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = plumb_session_post_form_finish (PLUMB_SESSION (source), result, &error);
  if (answer == NULL)
    g_debug ("Revoking a token failed: %s", error->message);
  sign_out_step (task);
}

static void
sign_out_step (GTask *task)
{
  PlumbAccount *self = g_task_get_source_object (task);
  SignOut *data = g_task_get_task_data (task);
  const char *token = NULL;

  while (token == NULL && data->step < 2)
    {
      token = data->step == 0 ? data->tokens->refresh_token : data->tokens->access_token;
      data->step++;
    }

  if (token != NULL)
    {
      g_autoptr(GHashTable) form = new_form ();

      form_add (form, "token", token);
      form_add (form, "client_id", self->client_id);
      if (data->tokens->client_secret != NULL)
        form_add (form, "client_secret", data->tokens->client_secret);
      plumb_session_post_form_async (self->session, "/oauth/revoke", form, PLUMB_REQUEST_IDEMPOTENT,
                                     g_task_get_cancellable (task), sign_out_revoked_cb, task);
      return;
    }

  if (self->use_keyring && data->account_key != NULL)
    {
      plumb_token_store_clear_async (self->api_url, data->account_key, NULL, sign_out_cleared_cb, task);
      return;
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

void
plumb_account_sign_out_async (PlumbAccount        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  SignOut *data;

  g_return_if_fail (PLUMB_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_account_sign_out_async);
  if (self->tokens == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  data = g_new0 (SignOut, 1);
  data->tokens = g_steal_pointer (&self->tokens);
  data->account_key = g_strdup (self->account_key);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_out_free);
  forget_everything (self);
  sign_out_step (task);
}

gboolean
plumb_account_sign_out_finish (PlumbAccount  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
