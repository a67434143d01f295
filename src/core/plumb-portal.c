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
  PlumbPortalConvert        convert;
  GDestroyNotify destroy;
} Call;

void
plumb_portal_wipe (char *secret)
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
  g_clear_pointer (&self->session, plumb_portal_wipe);
  g_clear_pointer (&self->admin_key, plumb_portal_wipe);

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

  g_clear_pointer (&self->admin_key, plumb_portal_wipe);
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

void
plumb_portal_set_session (PlumbPortal *self,
             const char  *session)
{
  gboolean was = self->session != NULL;

  g_clear_pointer (&self->session, plumb_portal_wipe);
  self->session = g_strdup (session);
  if (was != (self->session != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

void
plumb_portal_sign_out (PlumbPortal *self)
{
  g_return_if_fail (PLUMB_IS_PORTAL (self));

  plumb_portal_set_session (self, NULL);
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
        plumb_portal_set_session (self, NULL);
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
  plumb_portal_wipe (data);
}

/* @auth is the whole Authorization header, "" for none, or NULL for the
 * session's. */
void
plumb_portal_call (PlumbPortal         *self,
             PlumbPortalOp        op,
             const char          *method,
             const char          *path,
             JsonNode            *body,
             const char          *auth,
             const char          *email,
             PlumbPortalConvert              convert,
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
      plumb_portal_wipe (header);
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

gpointer
plumb_portal_call_finish (PlumbPortal   *self,
               GAsyncResult  *result,
               gpointer       source_tag,
               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonObject *
plumb_portal_json_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonObject *
plumb_portal_json_object_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = o != NULL && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
plumb_portal_json_string (JsonObject *o,
               const char *name)
{
  JsonNode *node = o != NULL && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

GUri *
plumb_portal_get_uri (PlumbPortal *self)
{
  return self->uri;
}

/* HTTP Basic with the key as user name, as the platform's admin API wants. */
char *
plumb_portal_dup_admin_header (PlumbPortal *self)
{
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;
  char *header;

  if (self->admin_key == NULL)
    return NULL;
  pair = g_strconcat (self->admin_key, ":", NULL);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  header = g_strconcat ("Basic ", encoded, NULL);
  memset (pair, 0, strlen (pair));
  memset (encoded, 0, strlen (encoded));
  return header;
}
