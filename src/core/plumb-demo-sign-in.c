/* plumb-demo-sign-in.c
 *
 * The embedded sandbox approves an authorization request at once when it
 * names a demo person in login_hint, and redirects to the page showing the
 * code. Following that redirect ourselves is what a person does with a
 * browser; it is allowed only for servers on this computer, so real Procore
 * always gets a real person at a real browser.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "plumb-demo-sign-in.h"
#include "plumb-environment.h"
#include "plumb-error.h"

static void
finish_authorization_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!plumb_account_finish_authorization_finish (PLUMB_ACCOUNT (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
authorize_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupSession *session = SOUP_SESSION (object);
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GUri) target = NULL;
  g_autofree char *target_str = NULL;
  GError *error = NULL;
  const char *location;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_NETWORK,
                               _("The sandbox did not answer: %s"), error->message);
      g_clear_error (&error);
      return;
    }

  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (!SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (msg)) || location == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                               _("The sandbox did not approve the demo sign-in (HTTP %u)"),
                               soup_message_get_status (msg));
      return;
    }

  target = g_uri_parse_relative (soup_message_get_uri (msg), location, SOUP_HTTP_URI_FLAGS, NULL);
  if (target == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                               _("The sandbox sent a sign-in address that could not be read"));
      return;
    }

  target_str = g_uri_to_string (target);
  plumb_account_finish_authorization_async (g_task_get_source_object (task), target_str,
                                            g_task_get_cancellable (task),
                                            finish_authorization_cb, g_object_ref (task));
}

void
plumb_demo_sign_in_async (PlumbAccount        *account,
                          const char          *client_secret,
                          const char          *login_hint,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (PLUMB_IS_ACCOUNT (account));
  g_return_if_fail (login_hint != NULL);

  task = g_task_new (account, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_demo_sign_in_async);

  url = plumb_account_begin_authorization (account, client_secret, login_hint, &error);
  if (url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!plumb_url_is_loopback (url))
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_INSECURE_URL,
                               _("Signing in without a browser is only for a sandbox on this computer"));
      return;
    }

  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                               _("The sandbox address is not valid"));
      return;
    }
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  /* The task keeps the session alive until the answer comes. */
  session = soup_session_new ();
  g_task_set_task_data (task, g_object_ref (session), g_object_unref);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    authorize_cb, g_steal_pointer (&task));
}

gboolean
plumb_demo_sign_in_finish (PlumbAccount  *account,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, account), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
