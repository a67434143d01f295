/* plumb-sync-http.c: HTTP calls from the sync worker, through the session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-sync-private.h"

/* Never wait longer than this for a rate-limit window to reopen. */
#define MAX_RATE_WAIT_SECONDS 120

struct _PlumbSyncHttp
{
  PlumbSyncRun      *run;
  PlumbSession      *session;
  GMainContext      *worker_context;
  GCancellable      *cancellable;
  char              *method;
  char              *path;
  gint64             company_id;
  GBytes            *body;
  char              *content_type;
  PlumbRequestFlags  flags;

  gboolean           done;       /* worker thread only */
  PlumbResponse     *response;
  GError            *error;
};

static void
sync_http_free (PlumbSyncHttp *http)
{
  g_clear_object (&http->session);
  g_clear_pointer (&http->worker_context, g_main_context_unref);
  g_clear_object (&http->cancellable);
  g_free (http->method);
  g_free (http->path);
  g_clear_pointer (&http->body, g_bytes_unref);
  g_free (http->content_type);
  g_clear_pointer (&http->response, plumb_response_free);
  g_clear_error (&http->error);
  g_free (http);
}

/* The answer has reached the worker's context. */
static gboolean
mark_done_cb (gpointer data)
{
  PlumbSyncHttp *http = data;

  http->done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PlumbSyncHttp *http = user_data;

  http->response = plumb_session_call_raw_finish (PLUMB_SESSION (source), result, &http->error);
  g_main_context_invoke (http->worker_context, mark_done_cb, http);
}

static gboolean
start_cb (gpointer data)
{
  PlumbSyncHttp *http = data;

  plumb_session_call_raw_async (http->session, http->method, http->path, http->company_id,
                                http->body, http->content_type, http->flags,
                                http->cancellable, call_done_cb, http);
  return G_SOURCE_REMOVE;
}

static gboolean
wake_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The answers so far said the window is used up: wait for it to reopen
 * rather than earn a 429. */
static void
wait_for_rate_window (PlumbSyncRun *run)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC + run->clock_offset;
  gint64 wait;
  gboolean woken = FALSE;
  GSource *source;

  if (run->rate_remaining != 0 || run->rate_reset <= now)
    return;

  wait = MIN (run->rate_reset - now, MAX_RATE_WAIT_SECONDS);
  source = g_timeout_source_new ((guint) wait * 1000 + g_random_int_range (0, 250));
  g_source_set_callback (source, wake_cb, &woken, NULL);
  g_source_attach (source, run->worker_context);
  while (!woken && !g_cancellable_is_cancelled (run->cancellable))
    g_main_context_iteration (run->worker_context, TRUE);
  g_source_destroy (source);
  g_source_unref (source);
  run->rate_remaining = -1;
}

PlumbSyncHttp *
plumb_sync_http_start (PlumbSyncRun      *run,
                       const char        *method,
                       const char        *path,
                       gint64             company_id,
                       GBytes            *body,
                       const char        *content_type,
                       PlumbRequestFlags  flags)
{
  PlumbSyncHttp *http = g_new0 (PlumbSyncHttp, 1);

  wait_for_rate_window (run);

  http->run = run;
  http->session = g_object_ref (run->session);
  http->worker_context = g_main_context_ref (run->worker_context);
  http->cancellable = run->cancellable != NULL ? g_object_ref (run->cancellable) : NULL;
  http->method = g_strdup (method);
  http->path = g_strdup (path);
  http->company_id = company_id;
  http->body = body != NULL ? g_bytes_ref (body) : NULL;
  http->content_type = g_strdup (content_type);
  http->flags = flags;

  g_main_context_invoke (run->main_context, start_cb, http);
  return http;
}

static void
learn_from_headers (PlumbSyncRun       *run,
                    SoupMessageHeaders *headers)
{
  const char *date = soup_message_headers_get_one (headers, "Date");
  const char *remaining = soup_message_headers_get_one (headers, "X-Rate-Limit-Remaining");
  const char *reset = soup_message_headers_get_one (headers, "X-Rate-Limit-Reset");
  gint64 value;

  if (date != NULL)
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (date);

      if (when != NULL)
        {
          run->clock_offset = g_date_time_to_unix (when) - g_get_real_time () / G_USEC_PER_SEC;
          run->clock_known = TRUE;
        }
    }
  if (remaining != NULL && g_ascii_string_to_signed (remaining, 10, 0, G_MAXINT64, &value, NULL))
    run->rate_remaining = value;
  if (reset != NULL && g_ascii_string_to_signed (reset, 10, 0, G_MAXINT64, &value, NULL))
    run->rate_reset = value;
}

PlumbResponse *
plumb_sync_http_wait (PlumbSyncRun   *run,
                      PlumbSyncHttp  *http,
                      GError        **error)
{
  PlumbResponse *response;

  while (!http->done)
    g_main_context_iteration (run->worker_context, TRUE);

  if (http->response == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&http->error));
      sync_http_free (http);
      return NULL;
    }
  learn_from_headers (run, http->response->headers);
  response = g_steal_pointer (&http->response);
  sync_http_free (http);
  return response;
}

JsonNode *
plumb_sync_parse (GBytes  *body,
                  GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (data == NULL || len == 0)
    return json_node_new (JSON_NODE_NULL);
  if (!json_parser_load_from_data (parser, data, (gssize) len, NULL) || json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("Procore sent an answer that could not be read. Try again."));
      return NULL;
    }
  return json_parser_steal_root (parser);
}

JsonNode *
plumb_sync_http_json (PlumbSyncRun       *run,
                      const char         *method,
                      const char         *path,
                      gint64              company_id,
                      JsonNode           *body,
                      PlumbRequestFlags   flags,
                      GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PlumbResponse) response = NULL;

  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      bytes = g_bytes_new_take (text, strlen (text));
    }
  response = plumb_sync_http_wait (run,
                                   plumb_sync_http_start (run, method, path, company_id, bytes,
                                                          bytes != NULL ? "application/json" : NULL, flags),
                                   error);
  if (response == NULL)
    return NULL;
  return plumb_sync_parse (response->body, error);
}

gint64
plumb_sync_server_now (PlumbSyncRun *run)
{
  return g_get_real_time () / G_USEC_PER_SEC + run->clock_offset;
}

gboolean
plumb_sync_error_is_transient (const GError *error)
{
  if (error == NULL)
    return FALSE;
  if (error->domain == PLUMB_ERROR)
    {
      switch (error->code)
        {
        case PLUMB_ERROR_NETWORK:
        case PLUMB_ERROR_UNCERTAIN:
        case PLUMB_ERROR_SERVER:
        case PLUMB_ERROR_BAD_RESPONSE:
        case PLUMB_ERROR_RATE_LIMITED:
          return TRUE;
        default:
          return FALSE;
        }
    }
  if (error->domain == G_IO_ERROR)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR)
    return TRUE;
  return FALSE;
}
