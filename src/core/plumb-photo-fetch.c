/* plumb-photo-fetch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "plumb-error.h"
#include "plumb-photo.h"
#include "plumb-photo-fetch.h"

#define CHUNK 65536

typedef struct
{
  SoupSession  *session;
  GInputStream *stream;
  GByteArray   *data;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->stream);
  g_clear_object (&fetch->session);
  g_clear_pointer (&fetch->data, g_byte_array_unref);
  g_free (fetch);
}

static void read_more (GTask *task);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (chunk == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&fetch->data)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (fetch->data->len + g_bytes_get_size (chunk) > PLUMB_PHOTO_MAX_BYTES)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_UNSUPPORTED, "%s",
                               _("The current photo is too large to show."));
      return;
    }
  g_byte_array_append (fetch->data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (g_steal_pointer (&task));
}

static void
read_more (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (fetch->stream, CHUNK, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   read_cb, task);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  GError *error = NULL;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (fetch->stream == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_NETWORK,
                               _("The current photo could not be fetched: %s"), error->message);
      g_error_free (error);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      g_task_return_new_error (task, PLUMB_ERROR,
                               soup_message_get_status (msg) == 404 ? PLUMB_ERROR_NOT_FOUND : PLUMB_ERROR_SERVER,
                               _("The current photo could not be fetched (HTTP %u)."),
                               soup_message_get_status (msg));
      return;
    }
  fetch->data = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

static gboolean
allowed (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);

  if (g_strcmp0 (scheme, "https") == 0)
    return TRUE;
  return g_strcmp0 (scheme, "http") == 0 && host != NULL &&
         (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "localhost") || g_str_equal (host, "::1"));
}

void
plumb_photo_fetch_async (const char          *url,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(SoupMessage) msg = NULL;
  Fetch *fetch;

  g_task_set_source_tag (task, plumb_photo_fetch_async);
  if (uri == NULL || !allowed (uri))
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_INSECURE_URL, "%s",
                               _("The current photo’s address is not a secure web address."));
      return;
    }
  fetch = g_new0 (Fetch, 1);
  fetch->session = soup_session_new_with_options ("timeout", 30, NULL);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  msg = soup_message_new_from_uri ("GET", uri);
  soup_session_send_async (fetch->session, msg, G_PRIORITY_DEFAULT, cancellable, sent_cb, g_steal_pointer (&task));
}

GBytes *
plumb_photo_fetch_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
