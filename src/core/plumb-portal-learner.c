/* plumb-portal-learner.c: what a learner does on the portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bodies that carry a password or a reset code are wiped once sent.
 */

#include "config.h"

#include <string.h>

#include "plumb-error.h"
#include "plumb-portal-private.h"
#include "plumb-session-private.h"

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
  JsonObject *o = plumb_portal_json_object (node);
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
  JsonObject *o = plumb_portal_json_object (node);
  const char *session = plumb_portal_json_string (o, "session");

  if (session == NULL)
    return NULL;
  plumb_portal_set_session (self, session);
  return plumb_portal_profile_from_json (plumb_portal_json_object_member (o, "profile"));
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

  plumb_portal_set_session (self, NULL);
  body = body_of ("email", email, "password", password, NULL);
  plumb_portal_call (self, PLUMB_PORTAL_OP_SIGN_IN, "POST", "/sessions", body, "", email,
               convert_session, (GDestroyNotify) plumb_portal_profile_free,
               plumb_portal_sign_in_async, cancellable, callback, user_data);
  wipe_body (body);
}

PlumbPortalProfile *
plumb_portal_sign_in_finish (PlumbPortal   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return plumb_portal_call_finish (self, result, plumb_portal_sign_in_async, error);
}

static gpointer
convert_email (PlumbPortal  *self,
               JsonNode     *node,
               GError      **error)
{
  return g_strdup (plumb_portal_json_string (plumb_portal_json_object (node), "email"));
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
  plumb_portal_call (self, PLUMB_PORTAL_OP_REQUEST_RESET, "POST", "/password/forgot", body, "", email,
               convert_email, g_free, plumb_portal_request_reset_async, cancellable, callback, user_data);
}

gboolean
plumb_portal_request_reset_finish (PlumbPortal   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_autofree char *email = plumb_portal_call_finish (self, result, plumb_portal_request_reset_async, error);

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
  plumb_portal_call (self, PLUMB_PORTAL_OP_COMPLETE_RESET, "POST", "/password/reset", body, "", NULL,
               convert_email, g_free, plumb_portal_complete_reset_async, cancellable, callback, user_data);
  wipe_body (body);
}

char *
plumb_portal_complete_reset_finish (PlumbPortal   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return plumb_portal_call_finish (self, result, plumb_portal_complete_reset_async, error);
}

static gpointer
convert_profile (PlumbPortal  *self,
                 JsonNode     *node,
                 GError      **error)
{
  return plumb_portal_profile_from_json (plumb_portal_json_object (node));
}

void
plumb_portal_get_profile_async (PlumbPortal         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (PLUMB_IS_PORTAL (self));

  plumb_portal_call (self, PLUMB_PORTAL_OP_PROFILE, "GET", "/profile", NULL, NULL, NULL,
               convert_profile, (GDestroyNotify) plumb_portal_profile_free,
               plumb_portal_get_profile_async, cancellable, callback, user_data);
}

PlumbPortalProfile *
plumb_portal_get_profile_finish (PlumbPortal   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return plumb_portal_call_finish (self, result, plumb_portal_get_profile_async, error);
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
  plumb_portal_call (self, PLUMB_PORTAL_OP_UPDATE_EMAIL, "PATCH", "/profile", body, NULL, email,
               convert_profile, (GDestroyNotify) plumb_portal_profile_free,
               plumb_portal_update_email_async, cancellable, callback, user_data);
}

PlumbPortalProfile *
plumb_portal_update_email_finish (PlumbPortal   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return plumb_portal_call_finish (self, result, plumb_portal_update_email_async, error);
}

static gpointer
convert_procore_session (PlumbPortal  *self,
                         JsonNode     *node,
                         GError      **error)
{
  JsonObject *o = plumb_portal_json_object (node);
  const char *session = plumb_portal_json_string (o, "session");
  const char *email = plumb_portal_json_string (o, "email");

  if (session == NULL || email == NULL)
    return NULL;
  plumb_portal_set_session (self, session);
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
  g_clear_pointer (&data->token, plumb_portal_wipe);
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

  g_clear_pointer (&data->token, plumb_portal_wipe);
  data->token = plumb_account_get_token_finish (PLUMB_ACCOUNT (source), result, &error);
  if (data->token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  header = g_strconcat ("Bearer ", data->token, NULL);
  plumb_portal_call (self, PLUMB_PORTAL_OP_PROCORE_SIGN_IN, "POST", "/procore-session", NULL, header,
               plumb_account_get_login (data->account), convert_procore_session, g_free,
               procore_answered_cb, cancellable, procore_answered_cb, g_steal_pointer (&task));
  plumb_portal_wipe (header);
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

  plumb_portal_set_session (self, NULL);
  plumb_account_get_token_async (account, NULL, cancellable, procore_got_token_cb, g_steal_pointer (&task));
}

char *
plumb_portal_procore_sign_in_finish (PlumbPortal   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return plumb_portal_call_finish (self, result, plumb_portal_procore_sign_in_async, error);
}

gpointer
plumb_portal_convert_registrations (PlumbPortal  *self,
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

  plumb_portal_call (self, PLUMB_PORTAL_OP_REGISTRATIONS, "GET", "/registrations", NULL, NULL, NULL,
               plumb_portal_convert_registrations, (GDestroyNotify) g_ptr_array_unref,
               plumb_portal_list_registrations_async, cancellable, callback, user_data);
}

GPtrArray *
plumb_portal_list_registrations_finish (PlumbPortal   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return plumb_portal_call_finish (self, result, plumb_portal_list_registrations_async, error);
}
