/* plumb-portal-support.c: reset links, support staff lookups, the sandbox mailbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-environment.h"
#include "plumb-error.h"
#include "plumb-portal-private.h"

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
  if (!same_site (uri, plumb_portal_get_uri (self)))
    {
      g_set_error (error, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                   _("This link leads to “%s”, not to Procore Certification (“%s”). Use only the link "
                     "in the Password Reset email from Procore Certification."),
                   g_uri_get_host (uri), g_uri_get_host (plumb_portal_get_uri (self)));
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

static gboolean
check_admin_key (PlumbPortal *self,
                 GTask       *task)
{
  if (plumb_portal_has_admin_key (self))
    return TRUE;
  g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_UNAUTHORIZED,
                           _("Enter the Certification admin key to look learners up."));
  return FALSE;
}

static void
admin_call (PlumbPortal         *self,
            const char          *what,
            const char          *email,
            PlumbPortalConvert              convert,
            GDestroyNotify       destroy,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/admin/%s?email=%s", what, escaped);
  char *header;

  if (!plumb_portal_has_admin_key (self))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, source_tag);
      check_admin_key (self, task);
      return;
    }
  header = plumb_portal_dup_admin_header (self);
  plumb_portal_call (self, PLUMB_PORTAL_OP_ADMIN, "GET", path, NULL, header, email, convert, destroy,
               source_tag, cancellable, callback, user_data);
  plumb_portal_wipe (header);
}

static gpointer
convert_learner (PlumbPortal  *self,
                 JsonNode     *node,
                 GError      **error)
{
  return plumb_portal_profile_from_json (plumb_portal_json_object_member (plumb_portal_json_object (node), "learner"));
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
  return plumb_portal_call_finish (self, result, plumb_portal_admin_find_async, error);
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

  admin_call (self, "registrations", email, plumb_portal_convert_registrations, (GDestroyNotify) g_ptr_array_unref,
              plumb_portal_admin_registrations_async, cancellable, callback, user_data);
}

GPtrArray *
plumb_portal_admin_registrations_finish (PlumbPortal   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return plumb_portal_call_finish (self, result, plumb_portal_admin_registrations_async, error);
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

  if (!plumb_url_is_loopback (plumb_portal_get_url (self)))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, plumb_portal_sandbox_mail_async);
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_UNSUPPORTED,
                               _("Only the embedded sandbox has a mailbox to show. Open your own inbox."));
      return;
    }
  escaped = g_uri_escape_string (to, NULL, FALSE);
  url = g_strdup_printf ("%s://%s:%d/_sandbox/mailbox?kind=password-reset&to=%s",
                         g_uri_get_scheme (plumb_portal_get_uri (self)), g_uri_get_host (plumb_portal_get_uri (self)),
                         g_uri_get_port (plumb_portal_get_uri (self)), escaped);
  plumb_portal_call (self, PLUMB_PORTAL_OP_SANDBOX_MAIL, "GET", url, NULL, "", to,
               convert_mail, (GDestroyNotify) g_ptr_array_unref,
               plumb_portal_sandbox_mail_async, cancellable, callback, user_data);
}

GPtrArray *
plumb_portal_sandbox_mail_finish (PlumbPortal   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return plumb_portal_call_finish (self, result, plumb_portal_sandbox_mail_async, error);
}
