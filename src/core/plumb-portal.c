/* plumb-portal.c: a client of the Procore Certification portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SoupSession of its own: the portal is another host with its own
 * sign-in, and a learner's password must never travel through the code
 * that logs and retries Procore calls. Nothing here repeats a call by
 * itself: sign-ins count wrong passwords and reset links are single-use, so
 * the learner decides when to try again. Passwords, sessions and reset
 * tokens are wiped from memory once sent and never logged.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-environment.h"
#include "plumb-error.h"
#include "plumb-portal-private.h"
#include "plumb-session-private.h"

struct _PlumbPortal
{
  GObject      parent_instance;

  SoupSession *soup;
  char        *url;
  GUri        *uri;
  char        *session;      /* the portal's sign-in, a secret */
  char        *admin_key;    /* a secret */
};

G_DEFINE_FINAL_TYPE (PlumbPortal, plumb_portal, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SIGNED_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef gpointer (*Convert) (PlumbPortal  *self,
                             JsonNode     *node,
                             GError      **error);

typedef struct
{
  PlumbPortalOp  op;
  char          *email;
  Convert        convert;
  GDestroyNotify destroy;
} Call;

static void
wipe (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
call_free (Call *call)
{
  g_free (call->email);
  g_free (call);
}

static void
plumb_portal_dispose (GObject *object)
{
  PlumbPortal *self = PLUMB_PORTAL (object);

  if (self->soup != NULL)
    soup_session_abort (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (plumb_portal_parent_class)->dispose (object);
}

static void
plumb_portal_finalize (GObject *object)
{
  PlumbPortal *self = PLUMB_PORTAL (object);

  g_free (self->url);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_pointer (&self->session, wipe);
  g_clear_pointer (&self->admin_key, wipe);

  G_OBJECT_CLASS (plumb_portal_parent_class)->finalize (object);
}

static void
plumb_portal_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PlumbPortal *self = PLUMB_PORTAL (object);

  switch (prop_id)
    {
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->session != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_portal_class_init (PlumbPortalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plumb_portal_dispose;
  object_class->finalize = plumb_portal_finalize;
  object_class->get_property = plumb_portal_get_property;

  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plumb_portal_init (PlumbPortal *self)
{
  g_autofree char *agent = g_strdup_printf ("Plumbline/%s ", PACKAGE_VERSION);

  self->soup = soup_session_new_with_options ("timeout", 30,
                                              "user-agent", agent,
                                              NULL);
}

PlumbPortal *
plumb_portal_new (const char  *url,
                  GError     **error)
{
  g_autofree char *normal = plumb_validate_base_url (url, error);
  PlumbPortal *self;

  if (normal == NULL)
    return NULL;
  self = g_object_new (PLUMB_TYPE_PORTAL, NULL);
  self->url = g_steal_pointer (&normal);
  self->uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  return self;
}

const char *
plumb_portal_get_url (PlumbPortal *self)
{
  g_return_val_if_fail (PLUMB_IS_PORTAL (self), NULL);

  return self->url;
}

void
plumb_portal_set_admin_key (PlumbPortal *self,
                            const char  *key)
{
  g_return_if_fail (PLUMB_IS_PORTAL (self));

  g_clear_pointer (&self->admin_key, wipe);
  if (key != NULL && *key != '\0')
    self->admin_key = g_strdup (key);
}

gboolean
plumb_portal_has_admin_key (PlumbPortal *self)
{
  g_return_val_if_fail (PLUMB_IS_PORTAL (self), FALSE);

  return self->admin_key != NULL;
}

gboolean
plumb_portal_get_signed_in (PlumbPortal *self)
{
  g_return_val_if_fail (PLUMB_IS_PORTAL (self), FALSE);

  return self->session != NULL;
}

static void
set_session (PlumbPortal *self,
             const char  *session)
{
  gboolean was = self->session != NULL;

  g_clear_pointer (&self->session, wipe);
  self->session = g_strdup (session);
  if (was != (self->session != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

void
plumb_portal_sign_out (PlumbPortal *self)
{
  g_return_if_fail (PLUMB_IS_PORTAL (self));

  set_session (self, NULL);
}

static gboolean
same_site (GUri *a,
           GUri *b)
{
  int port_a = g_uri_get_port (a);
  int port_b = g_uri_get_port (b);
  gboolean https_a = g_ascii_strcasecmp (g_uri_get_scheme (a), "https") == 0;
  gboolean https_b = g_ascii_strcasecmp (g_uri_get_scheme (b), "https") == 0;

  if (port_a < 0)
    port_a = https_a ? 443 : 80;
  if (port_b < 0)
    port_b = https_b ? 443 : 80;
  return https_a == https_b && port_a == port_b &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0;
}

static gboolean
looks_like_code (const char *text)
{
  gsize len = strlen (text);

  if (len < 16 || len > 256)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

char *
plumb_portal_parse_reset_link (PlumbPortal  *self,
                               const char   *pasted,
                               GError      **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *token;

  g_return_val_if_fail (PLUMB_IS_PORTAL (self), NULL);

  text = g_strstrip (g_strdup (pasted != NULL ? pasted : ""));
  if (*text == '\0')
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("Paste the link from the Password Reset email, or the code at its end."));
      return NULL;
    }
  if (strstr (text, "://") == NULL)
    {
      if (!looks_like_code (text))
        {
          g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                               _("This is neither a reset link nor its code. Copy the whole link from the "
                                 "Password Reset email."));
          return NULL;
        }
      return g_steal_pointer (&text);
    }

  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED_QUERY, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("This link is incomplete. Copy the whole link from the Password Reset email."));
      return NULL;
    }
  /* A reset link from anywhere else is a phishing attempt or a mistake:
   * its code must never be sent to the portal with a new password. */
  if (!same_site (uri, self->uri))
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                   _("This link leads to “%s”, not to Procore Certification (“%s”). Use only the link "
                     "in the Password Reset email from Procore Certification."),
                   g_uri_get_host (uri), g_uri_get_host (self->uri));
      return NULL;
    }
  if (!g_str_has_suffix (g_uri_get_path (uri), "/reset") || g_uri_get_query (uri) == NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("This is a Procore Certification link, but not a password reset link. Use the "
                             "link in the Password Reset email."));
      return NULL;
    }
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  token = params != NULL ? g_hash_table_lookup (params, "token") : NULL;
  if (token == NULL || !looks_like_code (token))
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                           _("The code at the end of this link is missing or cut short. Copy the whole "
                             "link from the Password Reset email."));
      return NULL;
    }
  return g_strdup (token);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbPortal *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  SoupMessage *msg = g_object_get_data (G_OBJECT (task), "message");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gpointer value;
  guint status;
  gsize len = 0;
  const char *data;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, plumb_portal_error_from_transport (error));
      return;
    }

  status = soup_message_get_status (msg);
  g_debug ("Certification %s %s: %u", soup_message_get_method (msg),
           g_uri_get_path (soup_message_get_uri (msg)), status);
  if (status < 200 || status >= 300)
    {
      GError *portal_error = plumb_portal_error_from_response (call->op, status, body, call->email);

      /* A session the portal no longer knows is of no use to keep. */
      if (g_error_matches (portal_error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN) &&
          call->op != PLUMB_PORTAL_OP_PROCORE_SIGN_IN)
        set_session (self, NULL);
      g_task_return_error (task, portal_error);
      return;
    }

  data = g_bytes_get_data (body, &len);
  if (len > 0 && !json_parser_load_from_data (parser, data, len, NULL))
    {
      g_task_return_error (task, plumb_portal_error_bad_response ());
      return;
    }
  value = call->convert (self, json_parser_get_root (parser), &error);
  if (value == NULL)
    {
      g_task_return_error (task, error != NULL ? g_steal_pointer (&error) : plumb_portal_error_bad_response ());
      return;
    }
  g_task_return_pointer (task, value, call->destroy);
}

static void
wipe_bytes (gpointer data)
{
  wipe (data);
}

/* @auth is the whole Authorization header, "" for none, or NULL for the
 * session's. */
static void
portal_call (PlumbPortal         *self,
             PlumbPortalOp        op,
             const char          *method,
             const char          *path,
             JsonNode            *body,
             const char          *auth,
             const char          *email,
             Convert              convert,
             GDestroyNotify       destroy,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = g_str_has_prefix (path, "http") ? g_strdup (path) : g_strconcat (self->url, path, NULL);
  SoupMessageHeaders *headers;
  Call *call = g_new0 (Call, 1);

  call->op = op;
  call->email = g_strdup (email);
  call->convert = convert;
  call->destroy = destroy;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                               _("“%s” is not a valid address."), url);
      return;
    }
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (auth != NULL && *auth != '\0')
    soup_message_headers_replace (headers, "Authorization", auth);
  else if (auth == NULL && self->session != NULL)
    {
      char *header = g_strconcat ("Bearer ", self->session, NULL);

      soup_message_headers_replace (headers, "Authorization", header);
      wipe (header);
    }
  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);
      g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (text, strlen (text), wipe_bytes, text);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  g_object_set_data_full (G_OBJECT (task), "message", g_object_ref (msg), g_object_unref);
  soup_session_send_and_read_async (self->soup, msg, G_PRIORITY_DEFAULT, cancellable,
                                    sent_cb, g_steal_pointer (&task));
}

static gpointer
portal_finish (PlumbPortal   *self,
               GAsyncResult  *result,
               gpointer       source_tag,
               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static JsonObject *
root_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
object_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = o != NULL && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = o != NULL && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonNode *
body_of (const char *first_name,
         ...)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    json_object_set_string_member (o, name, va_arg (args, const char *));
  va_end (args);
  json_node_take_object (node, o);
  return node;
}

/* Wipes the strings of a body that carried a password or token. */
static void
wipe_body (JsonNode *node)
{
  JsonObject *o = root_object (node);
  g_autoptr(GList) names = o != NULL ? json_object_get_members (o) : NULL;

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (o, l->data);

      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (member);

          memset ((char *) text, 0, strlen (text));
        }
    }
  json_node_unref (node);
}

static gpointer
convert_session (PlumbPortal  *self,
                 JsonNode     *node,
                 GError      **error)
{
  JsonObject *o = root_object (node);
  const char *session = string_member (o, "session");

  if (session == NULL)
    return NULL;
  set_session (self, session);
  return plumb_portal_profile_from_json (object_member (o, "profile"));
}

void
plumb_portal_sign_in_async (PlumbPortal         *self,
                            const char          *email,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  JsonNode *body;

  g_return_if_fail (PLUMB_IS_PORTAL (self));
  g_return_if_fail (email != NULL && password != NULL);

  set_session (self, NULL);
  body = body_of ("email", email, "password", password, NULL);
  portal_call (self, PLUMB_PORTAL_OP_SIGN_IN, "POST", "/sessions", body, "", email,
               convert_session, (GDestroyNotify) plumb_portal_profile_free,
               plumb_portal_sign_in_async, cancellable, callback, user_data);
  wipe_body (body);
}

PlumbPortalProfile *
plumb_portal_sign_in_finish (PlumbPortal   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return portal_finish (self, result, plumb_portal_sign_in_async, error);
}

static gpointer
convert_email (PlumbPortal  *self,
               JsonNode     *node,
               GError      **error)
{
  return g_strdup (string_member (root_object (node), "email"));
}

void
plumb_portal_request_reset_async (PlumbPortal         *self,
                                  const char          *email,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (PLUMB_IS_PORTAL (self));
  g_return_if_fail (email != NULL);

  body = body_of ("email", email, NULL);
  portal_call (self, PLUMB_PORTAL_OP_REQUEST_RESET, "POST", "/password/forgot", body, "", email,
               convert_email, g_free, plumb_portal_request_reset_async, cancellable, callback, user_data);
}

gboolean
plumb_portal_request_reset_finish (PlumbPortal   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_autofree char *email = portal_finish (self, result, plumb_portal_request_reset_async, error);

  return email != NULL;
}

void
plumb_portal_complete_reset_async (PlumbPortal         *self,
                                   const char          *token,
                                   const char          *password,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  JsonNode *body;

  g_return_if_fail (PLUMB_IS_PORTAL (self));
  g_return_if_fail (token != NULL && password != NULL);

  body = body_of ("token", token, "password", password, NULL);
  portal_call (self, PLUMB_PORTAL_OP_COMPLETE_RESET, "POST", "/password/reset", body, "", NULL,
               convert_email, g_free, plumb_portal_complete_reset_async, cancellable, callback, user_data);
  wipe_body (body);
}

char *
plumb_portal_complete_reset_finish (PlumbPortal   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return portal_finish (self, result, plumb_portal_complete_reset_async, error);
}

static gpointer
convert_profile (PlumbPortal  *self,
                 JsonNode     *node,
                 GError      **error)
{
  return plumb_portal_profile_from_json (root_object (node));
}

void
plumb_portal_get_profile_async (PlumbPortal         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (PLUMB_IS_PORTAL (self));

  portal_call (self, PLUMB_PORTAL_OP_PROFILE, "GET", "/profile", NULL, NULL, NULL,
               convert_profile, (GDestroyNotify) plumb_portal_profile_free,
               plumb_portal_get_profile_async, cancellable, callback, user_data);
}

PlumbPortalProfile *
plumb_portal_get_profile_finish (PlumbPortal   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return portal_finish (self, result, plumb_portal_get_profile_async, error);
}

void
plumb_portal_update_email_async (PlumbPortal         *self,
                                 const char          *email,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  JsonObject *outer;

  g_return_if_fail (PLUMB_IS_PORTAL (self));
  g_return_if_fail (email != NULL);

  outer = json_object_new ();
  json_object_set_member (outer, "profile", body_of ("email", email, NULL));
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, outer);
  portal_call (self, PLUMB_PORTAL_OP_UPDATE_EMAIL, "PATCH", "/profile", body, NULL, email,
               convert_profile, (GDestroyNotify) plumb_portal_profile_free,
               plumb_portal_update_email_async, cancellable, callback, user_data);
}

PlumbPortalProfile *
plumb_portal_update_email_finish (PlumbPortal   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return portal_finish (self, result, plumb_portal_update_email_async, error);
}

static gpointer
convert_procore_session (PlumbPortal  *self,
                         JsonNode     *node,
                         GError      **error)
{
  JsonObject *o = root_object (node);
  const char *session = string_member (o, "session");
  const char *email = string_member (o, "email");

  if (session == NULL || email == NULL)
    return NULL;
  set_session (self, session);
  return g_strdup (email);
}

typedef struct
{
  PlumbAccount *account;
  char         *token;
  gboolean      retried;
} ProcoreSignIn;

static void
procore_sign_in_free (ProcoreSignIn *data)
{
  g_clear_object (&data->account);
  g_clear_pointer (&data->token, wipe);
  g_free (data);
}

static void procore_got_token_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
procore_answered_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProcoreSignIn *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *email;

  email = g_task_propagate_pointer (G_TASK (result), &error);
  if (email != NULL)
    {
      g_task_return_pointer (task, email, g_free);
      return;
    }
  /* The access token ran out between asking for it and using it: one
   * refresh, one more try. */
  if (!data->retried && g_error_matches (error, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN) &&
      plumb_error_get_http_status (error) == 401)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      data->retried = TRUE;
      plumb_account_get_token_async (data->account, data->token, cancellable,
                                     procore_got_token_cb, g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
procore_got_token_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbPortal *self = g_task_get_source_object (task);
  ProcoreSignIn *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  char *header;

  g_clear_pointer (&data->token, wipe);
  data->token = plumb_account_get_token_finish (PLUMB_ACCOUNT (source), result, &error);
  if (data->token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  header = g_strconcat ("Bearer ", data->token, NULL);
  portal_call (self, PLUMB_PORTAL_OP_PROCORE_SIGN_IN, "POST", "/procore-session", NULL, header,
               plumb_account_get_login (data->account), convert_procore_session, g_free,
               procore_answered_cb, cancellable, procore_answered_cb, g_steal_pointer (&task));
  wipe (header);
}

void
plumb_portal_procore_sign_in_async (PlumbPortal         *self,
                                    PlumbAccount        *account,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProcoreSignIn *data;

  g_return_if_fail (PLUMB_IS_PORTAL (self));
  g_return_if_fail (PLUMB_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_portal_procore_sign_in_async);
  data = g_new0 (ProcoreSignIn, 1);
  data->account = g_object_ref (account);
  g_task_set_task_data (task, data, (GDestroyNotify) procore_sign_in_free);

  set_session (self, NULL);
  plumb_account_get_token_async (account, NULL, cancellable, procore_got_token_cb, g_steal_pointer (&task));
}

char *
plumb_portal_procore_sign_in_finish (PlumbPortal   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return portal_finish (self, result, plumb_portal_procore_sign_in_async, error);
}

static gpointer
convert_registrations (PlumbPortal  *self,
                       JsonNode     *node,
                       GError      **error)
{
  return plumb_portal_registrations_from_json (node);
}

void
plumb_portal_list_registrations_async (PlumbPortal         *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (PLUMB_IS_PORTAL (self));

  portal_call (self, PLUMB_PORTAL_OP_REGISTRATIONS, "GET", "/registrations", NULL, NULL, NULL,
               convert_registrations, (GDestroyNotify) g_ptr_array_unref,
               plumb_portal_list_registrations_async, cancellable, callback, user_data);
}

GPtrArray *
plumb_portal_list_registrations_finish (PlumbPortal   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return portal_finish (self, result, plumb_portal_list_registrations_async, error);
}

static char *
admin_header (PlumbPortal *self)
{
  g_autofree char *pair = g_strconcat (self->admin_key, ":", NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  char *header = g_strconcat ("Basic ", encoded, NULL);

  memset (pair, 0, strlen (pair));
  memset (encoded, 0, strlen (encoded));
  return header;
}

static gboolean
check_admin_key (PlumbPortal *self,
                 GTask       *task)
{
  if (self->admin_key != NULL)
    return TRUE;
  g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED,
                           _("Enter the Certification admin key to look learners up."));
  return FALSE;
}

static void
admin_call (PlumbPortal         *self,
            const char          *what,
            const char          *email,
            Convert              convert,
            GDestroyNotify       destroy,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/admin/%s?email=%s", what, escaped);
  char *header;

  if (self->admin_key == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, source_tag);
      check_admin_key (self, task);
      return;
    }
  header = admin_header (self);
  portal_call (self, PLUMB_PORTAL_OP_ADMIN, "GET", path, NULL, header, email, convert, destroy,
               source_tag, cancellable, callback, user_data);
  wipe (header);
}

static gpointer
convert_learner (PlumbPortal  *self,
                 JsonNode     *node,
                 GError      **error)
{
  return plumb_portal_profile_from_json (object_member (root_object (node), "learner"));
}

void
plumb_portal_admin_find_async (PlumbPortal         *self,
                               const char          *email,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PLUMB_IS_PORTAL (self));
  g_return_if_fail (email != NULL);

  admin_call (self, "learners", email, convert_learner, (GDestroyNotify) plumb_portal_profile_free,
              plumb_portal_admin_find_async, cancellable, callback, user_data);
}

PlumbPortalProfile *
plumb_portal_admin_find_finish (PlumbPortal   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return portal_finish (self, result, plumb_portal_admin_find_async, error);
}

void
plumb_portal_admin_registrations_async (PlumbPortal         *self,
                                        const char          *email,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (PLUMB_IS_PORTAL (self));
  g_return_if_fail (email != NULL);

  admin_call (self, "registrations", email, convert_registrations, (GDestroyNotify) g_ptr_array_unref,
              plumb_portal_admin_registrations_async, cancellable, callback, user_data);
}

GPtrArray *
plumb_portal_admin_registrations_finish (PlumbPortal   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return portal_finish (self, result, plumb_portal_admin_registrations_async, error);
}

static gpointer
convert_mail (PlumbPortal  *self,
              JsonNode     *node,
              GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) plumb_portal_mail_free);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      PlumbPortalMail *mail = JSON_NODE_HOLDS_OBJECT (element)
                              ? plumb_portal_mail_from_json (json_node_get_object (element)) : NULL;

      if (mail != NULL)
        g_ptr_array_add (list, mail);
    }
  return g_steal_pointer (&list);
}

void
plumb_portal_sandbox_mail_async (PlumbPortal         *self,
                                 const char          *to,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (PLUMB_IS_PORTAL (self));
  g_return_if_fail (to != NULL);

  if (!plumb_url_is_loopback (self->url))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, plumb_portal_sandbox_mail_async);
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_UNSUPPORTED,
                               _("Only the embedded sandbox has a mailbox to show. Open your own inbox."));
      return;
    }
  escaped = g_uri_escape_string (to, NULL, FALSE);
  url = g_strdup_printf ("%s://%s:%d/_sandbox/mailbox?kind=password-reset&to=%s",
                         g_uri_get_scheme (self->uri), g_uri_get_host (self->uri),
                         g_uri_get_port (self->uri), escaped);
  portal_call (self, PLUMB_PORTAL_OP_SANDBOX_MAIL, "GET", url, NULL, "", to,
               convert_mail, (GDestroyNotify) g_ptr_array_unref,
               plumb_portal_sandbox_mail_async, cancellable, callback, user_data);
}

GPtrArray *
plumb_portal_sandbox_mail_finish (PlumbPortal   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return portal_finish (self, result, plumb_portal_sandbox_mail_async, error);
}
