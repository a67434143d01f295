/* plumb-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SoupSession for all calls. Each call is a small state machine:
 * get a token, send, then decide on the answer: 401 gets one refresh and
 * one retry; 429/503 wait for Retry-After or X-Rate-Limit-Reset with jitter;
 * network errors, 5xx and unreadable bodies are retried with backoff only
 * when repeating the call cannot do harm.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-api-error.h"
#include "plumb-environment.h"
#include "plumb-error.h"
#include "plumb-session-private.h"

#define MAX_ATTEMPTS       5     /* sends of one idempotent call after failures */
#define MAX_WAITS          6     /* 429/503 answers one call will wait out */
#define MAX_WAIT_SECONDS   120
#define DEFAULT_RETRY_MS   250
#define MAX_BACKOFF_MS     8000
#define MAX_CONCURRENT     6

/* Big bodies are read into buffers that come back to the session when the
 * body is dropped: the pages of a list are much the same size, and fresh
 * memory for each one (the kernel mapping and zeroing it as the socket is
 * copied in) cost more than the copy itself. A few are kept, not more
 * than 16 MB in all. */
#define POOL_MIN_SIZE  (64 * 1024)
#define POOL_MAX_SIZE  (16 * 1024 * 1024)
#define POOL_MAX_KEPT  (MAX_CONCURRENT + 2)
#define POOL_MAX_BYTES (16 * 1024 * 1024)

typedef struct
{
  gatomicrefcount  ref;
  GMutex           lock;
  GPtrArray       *kept;      /* Buffer */
  gsize            kept_bytes;
} BufferPool;

/* A buffer in use holds a reference to its pool; one kept in it does not. */
typedef struct
{
  BufferPool *pool;           /* NULL for a buffer of its own */
  guint8     *data;
  gsize       size;
} Buffer;

static void
buffer_free (Buffer *buffer)
{
  g_free (buffer->data);
  g_free (buffer);
}

static BufferPool *
buffer_pool_new (void)
{
  BufferPool *pool = g_new0 (BufferPool, 1);

  g_atomic_ref_count_init (&pool->ref);
  g_mutex_init (&pool->lock);
  pool->kept = g_ptr_array_new_with_free_func ((GDestroyNotify) buffer_free);
  return pool;
}

static void
buffer_pool_unref (BufferPool *pool)
{
  if (!g_atomic_ref_count_dec (&pool->ref))
    return;
  g_ptr_array_unref (pool->kept);
  g_mutex_clear (&pool->lock);
  g_free (pool);
}

/* A buffer of at least @size bytes. */
static Buffer *
buffer_take (BufferPool *pool,
             gsize       size)
{
  Buffer *buffer = NULL;

  if (pool != NULL && size >= POOL_MIN_SIZE && size <= POOL_MAX_SIZE)
    {
      g_mutex_lock (&pool->lock);
      for (guint i = 0; i < pool->kept->len && buffer == NULL; i++)
        if (((Buffer *) g_ptr_array_index (pool->kept, i))->size >= size)
          buffer = g_ptr_array_steal_index_fast (pool->kept, i);
      /* None fits: a smaller one would only wait to be thrown away. */
      if (buffer == NULL && pool->kept->len > 0)
        {
          pool->kept_bytes -= ((Buffer *) g_ptr_array_index (pool->kept, 0))->size;
          g_ptr_array_remove_index_fast (pool->kept, 0);
        }
      else if (buffer != NULL)
        pool->kept_bytes -= buffer->size;
      g_mutex_unlock (&pool->lock);
      if (buffer != NULL)
        {
          g_atomic_ref_count_inc (&pool->ref);
          return buffer;
        }
    }

  buffer = g_new0 (Buffer, 1);
  if (pool != NULL && size >= POOL_MIN_SIZE && size <= POOL_MAX_SIZE)
    {
      /* Some room to spare, so the next page, a little longer, fits too. */
      size = (size + size / 8 + POOL_MIN_SIZE - 1) & ~(gsize) (POOL_MIN_SIZE - 1);
      g_atomic_ref_count_inc (&pool->ref);
      buffer->pool = pool;
    }
  buffer->size = size;
  buffer->data = g_malloc (size);
  return buffer;
}

/* Called from any thread, when the last reference to a body goes. */
static void
buffer_release (gpointer data)
{
  Buffer *buffer = data;
  BufferPool *pool = buffer->pool;

  if (pool == NULL)
    {
      buffer_free (buffer);
      return;
    }
  g_mutex_lock (&pool->lock);
  if (pool->kept->len < POOL_MAX_KEPT && pool->kept_bytes + buffer->size <= POOL_MAX_BYTES)
    {
      pool->kept_bytes += buffer->size;
      g_ptr_array_add (pool->kept, buffer);
      buffer = NULL;
    }
  g_mutex_unlock (&pool->lock);
  if (buffer != NULL)
    buffer_free (buffer);
  buffer_pool_unref (pool);
}

struct _PlumbSession
{
  GObject       parent_instance;

  SoupSession  *soup;
  char         *api_url;
  char         *login_url;
  PlumbAccount *account;        /* weak: the account owns the session */
  guint64       requests_sent;
  guint         retry_ms;
  BufferPool   *buffers;        /* shared with the bodies read */
};

G_DEFINE_FINAL_TYPE (PlumbSession, plumb_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_API_URL,
  PROP_LOGIN_URL,
  PROP_REQUESTS_SENT,
  N_PROPS
};

enum {
  PAGE_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char              *method;
  char              *url;
  gint64             company_id;
  GBytes            *body;
  char              *content_type;
  PlumbRequestFlags  flags;
  guint              attempts;   /* failed sends that were retried */
  guint              waits;      /* 429/503 waited out */
  gboolean           refreshed;
  char              *token;
} Call;

static void
call_free (Call *call)
{
  g_free (call->method);
  g_free (call->url);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->content_type);
  if (call->token != NULL)
    memset (call->token, 0, strlen (call->token));
  g_free (call->token);
  g_free (call);
}

void
plumb_response_free (PlumbResponse *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

static void
plumb_session_dispose (GObject *object)
{
  PlumbSession *self = PLUMB_SESSION (object);

  if (self->account != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->account), (gpointer *) &self->account);
      self->account = NULL;
    }
  if (self->soup != NULL)
    soup_session_abort (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (plumb_session_parent_class)->dispose (object);
}

static void
plumb_session_finalize (GObject *object)
{
  PlumbSession *self = PLUMB_SESSION (object);

  g_free (self->api_url);
  g_free (self->login_url);
  g_clear_pointer (&self->buffers, buffer_pool_unref);

  G_OBJECT_CLASS (plumb_session_parent_class)->finalize (object);
}

static void
plumb_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlumbSession *self = PLUMB_SESSION (object);

  switch (prop_id)
    {
    case PROP_API_URL:
      g_value_set_string (value, self->api_url);
      break;
    case PROP_LOGIN_URL:
      g_value_set_string (value, self->login_url);
      break;
    case PROP_REQUESTS_SENT:
      g_value_set_uint64 (value, self->requests_sent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_session_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlumbSession *self = PLUMB_SESSION (object);

  switch (prop_id)
    {
    case PROP_API_URL:
      self->api_url = g_value_dup_string (value);
      break;
    case PROP_LOGIN_URL:
      self->login_url = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plumb_session_constructed (GObject *object)
{
  PlumbSession *self = PLUMB_SESSION (object);

  G_OBJECT_CLASS (plumb_session_parent_class)->constructed (object);

  /* No proxy reaches this computer's own servers; asking the system's
   * proxy resolver about each new connection only costs time. */
  if (plumb_url_is_loopback (self->api_url) && plumb_url_is_loopback (self->login_url))
    soup_session_set_proxy_resolver (self->soup, NULL);
}

static void
plumb_session_class_init (PlumbSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plumb_session_dispose;
  object_class->finalize = plumb_session_finalize;
  object_class->constructed = plumb_session_constructed;
  object_class->get_property = plumb_session_get_property;
  object_class->set_property = plumb_session_set_property;

  properties[PROP_API_URL] =
    g_param_spec_string ("api-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGIN_URL] =
    g_param_spec_string ("login-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUESTS_SENT] =
    g_param_spec_uint64 ("requests-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After a page of a list has arrived and been read; for page 1 this is
   * before the other pages are asked for. */
  signals[PAGE_LOADED] =
    g_signal_new ("page-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);
}

static void
plumb_session_init (PlumbSession *self)
{
  g_autofree char *agent = g_strdup_printf ("Plumbline/%s ", PACKAGE_VERSION);

  self->retry_ms = DEFAULT_RETRY_MS;
  self->buffers = buffer_pool_new ();
  self->soup = soup_session_new_with_options ("max-conns", 4 * MAX_CONCURRENT,
                                              "max-conns-per-host", MAX_CONCURRENT,
                                              "timeout", 60,
                                              "user-agent", agent,
                                              NULL);
}

PlumbSession *
plumb_session_new (const char *api_url,
                   const char *login_url)
{
  g_return_val_if_fail (api_url != NULL, NULL);

  return g_object_new (PLUMB_TYPE_SESSION,
                       "api-url", api_url,
                       "login-url", login_url != NULL ? login_url : api_url,
                       NULL);
}

const char *
plumb_session_get_api_url (PlumbSession *self)
{
  g_return_val_if_fail (PLUMB_IS_SESSION (self), NULL);

  return self->api_url;
}

const char *
plumb_session_get_login_url (PlumbSession *self)
{
  g_return_val_if_fail (PLUMB_IS_SESSION (self), NULL);

  return self->login_url;
}

void
plumb_session_set_account (PlumbSession *self,
                           PlumbAccount *account)
{
  g_return_if_fail (PLUMB_IS_SESSION (self));

  if (self->account != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->account), (gpointer *) &self->account);
  self->account = account;
  if (self->account != NULL)
    g_object_add_weak_pointer (G_OBJECT (self->account), (gpointer *) &self->account);
}

guint64
plumb_session_get_requests_sent (PlumbSession *self)
{
  g_return_val_if_fail (PLUMB_IS_SESSION (self), 0);

  return self->requests_sent;
}

/* Tests shorten the backoff; a person never needs to. */
void
plumb_session_set_retry_delay (PlumbSession *self,
                               guint         base_ms)
{
  g_return_if_fail (PLUMB_IS_SESSION (self));

  self->retry_ms = MAX (base_ms, 1);
}

guint
plumb_session_get_max_concurrent (PlumbSession *self)
{
  return MAX_CONCURRENT;
}

void
plumb_session_emit_page_loaded (PlumbSession *self,
                                const char   *path,
                                guint         page,
                                guint         n_pages)
{
  g_signal_emit (self, signals[PAGE_LOADED], 0, path, page, n_pages);
}

/* A whole number header (Total, Per-Page); FALSE when it is missing or is
 * not one. */
gboolean
plumb_session_header_get_uint (SoupMessageHeaders *headers,
                               const char         *name,
                               guint              *value)
{
  const char *text = soup_message_headers_get_one (headers, name);
  guint64 parsed = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &parsed, NULL))
    return FALSE;
  *value = (guint) parsed;
  return TRUE;
}

char *
plumb_session_build_url (PlumbSession *self,
                         const char   *path)
{
  if (g_str_has_prefix (path, "https://") || g_str_has_prefix (path, "http://"))
    return g_strdup (path);
  return g_strconcat (self->api_url, path[0] == '/' ? "" : "/", path, NULL);
}

/* Procore wants request bodies wrapped in the resource's name:
 * {"user": {"first_name": ...}}. */
JsonNode *
plumb_session_wrap_body (const char *resource,
                         JsonObject *fields)
{
  JsonObject *outer = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_object_member (outer, resource, json_object_ref (fields));
  json_node_take_object (node, outer);
  return node;
}

static gboolean
method_is_idempotent (const char *method)
{
  return g_str_equal (method, "GET") || g_str_equal (method, "HEAD") ||
         g_str_equal (method, "PUT") || g_str_equal (method, "DELETE") ||
         g_str_equal (method, "OPTIONS");
}

static gboolean
call_is_idempotent (Call *call)
{
  if ((call->flags & PLUMB_REQUEST_ONCE) != 0)
    return FALSE;
  return (call->flags & PLUMB_REQUEST_IDEMPOTENT) != 0 || method_is_idempotent (call->method);
}

static void call_send (GTask *task);
static void call_start (GTask *task);

static gboolean
retry_timeout_cb (gpointer data)
{
  /* call_start() takes a reference; the source drops its own when removed. */
  call_start (g_object_ref (data));
  return G_SOURCE_REMOVE;
}

static void
call_retry_later (GTask *task,
                  guint  delay_ms)
{
  GSource *source = g_timeout_source_new (delay_ms);

  g_source_set_callback (source, retry_timeout_cb, task, g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/* Exponential backoff with full jitter, so that many clients knocked over
 * by the same failure do not come back in step. */
static guint
backoff_ms (PlumbSession *self,
            guint         attempt)
{
  guint64 ceiling = (guint64) self->retry_ms << MIN (attempt, 10);

  ceiling = MIN (ceiling, (guint64) MAX (MAX_BACKOFF_MS, self->retry_ms));
  return (guint) g_random_int_range ((gint32) (ceiling / 2), (gint32) ceiling + 1);
}

/* How long a 429 or 503 asks us to wait: Retry-After (seconds or an HTTP
 * date), else X-Rate-Limit-Reset (Unix seconds), plus jitter. */
static guint
server_wait_ms (PlumbSession       *self,
                SoupMessageHeaders *headers)
{
  const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
  const char *reset = soup_message_headers_get_one (headers, "X-Rate-Limit-Reset");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 seconds = -1;
  guint jitter = (guint) g_random_int_range (0, (gint32) MIN (self->retry_ms * 2, 1000) + 1);

  if (retry_after != NULL)
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (retry_after, 10, 0, G_MAXINT32, &value, NULL))
        seconds = (gint64) value;
      else
        {
          g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (retry_after);

          if (when != NULL)
            seconds = g_date_time_to_unix (when) - now;
        }
    }
  if (seconds < 0 && reset != NULL)
    {
      gint64 value;

      if (g_ascii_string_to_signed (reset, 10, 0, G_MAXINT64, (gint64 *) &value, NULL))
        seconds = value - now;
    }
  if (seconds < 0)
    return backoff_ms (self, 3) + jitter;

  seconds = MIN (seconds, MAX_WAIT_SECONDS);
  return (guint) seconds * 1000 + jitter;
}

/* The body, read in large pieces: libsoup's own send_and_read copies in
 * small chunks, one main-loop turn each, which costs more than the network
 * on a big list. */
typedef struct
{
  GInputStream *stream;
  BufferPool   *pool;
  Buffer       *buffer;
  gsize         len;
  gsize         asked;        /* room given to the read under way */
  goffset       expected;
} BodyRead;

static void
body_read_free (BodyRead *read)
{
  g_clear_object (&read->stream);
  if (read->buffer != NULL)
    {
      /* A pooled buffer goes back, its pool reference with it. */
      buffer_release (g_steal_pointer (&read->buffer));
    }
  g_free (read);
}

#define READ_CHUNK (256 * 1024)

static void body_read_next (GTask *task);

static void
body_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BodyRead *read = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  read->len += (gsize) n;
  if (n == 0)
    {
      Buffer *buffer = g_steal_pointer (&read->buffer);

      g_task_return_pointer (task, g_bytes_new_with_free_func (buffer->data, read->len, buffer_release, buffer),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  body_read_next (g_steal_pointer (&task));
}

static void
body_read_next (GTask *task)
{
  BodyRead *read = g_task_get_task_data (task);
  gsize room;

  /* With a Content-Length, exactly what is left (and one byte to see the
   * end); without, growing pieces. */
  if (read->expected > 0 && (gsize) read->expected >= read->len)
    room = (gsize) read->expected - read->len + 1;
  else
    room = MAX ((gsize) READ_CHUNK, read->len / 4);

  if (read->buffer->size - read->len < room)
    {
      Buffer *bigger = buffer_take (read->pool, read->len + room);

      memcpy (bigger->data, read->buffer->data, read->len);
      buffer_release (read->buffer);
      read->buffer = bigger;
    }
  room = read->buffer->size - read->len;
  g_input_stream_read_async (read->stream, read->buffer->data + read->len, room, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), body_read_cb, task);
}

static void
body_read_async (GInputStream        *stream,
                 BufferPool          *pool,
                 goffset              expected,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);
  BodyRead *read = g_new0 (BodyRead, 1);

  read->stream = g_object_ref (stream);
  read->pool = pool;
  read->expected = CLAMP (expected, 0, 256 * 1024 * 1024);
  read->buffer = buffer_take (pool, (gsize) read->expected + 1);
  g_task_set_task_data (task, read, (GDestroyNotify) body_read_free);
  body_read_next (task);
}

static GBytes *
body_read_finish (GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void call_body_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
call_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  PlumbSession *self = g_task_get_source_object (task);
  SoupMessage *msg = g_object_get_data (G_OBJECT (task), "message");
  g_autoptr(GInputStream) stream = NULL;
  GError *error = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      g_object_set_data_full (G_OBJECT (task), "transport-error", error, (GDestroyNotify) g_error_free);
      call_body_cb (NULL, NULL, task);
      return;
    }
  body_read_async (stream, self->buffers, soup_message_headers_get_content_length (soup_message_get_response_headers (msg)),
                   g_task_get_cancellable (task), call_body_cb, task);
}

static void
call_body_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlumbSession *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  SoupMessage *msg = g_object_get_data (G_OBJECT (task), "message");
  g_autoptr(GError) error = g_object_steal_data (G_OBJECT (task), "transport-error");
  g_autoptr(GBytes) body = NULL;
  guint status;

  if (result != NULL)
    body = body_read_finish (result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (call_is_idempotent (call) && call->attempts + 1 < MAX_ATTEMPTS)
        {
          call->attempts++;
          g_debug ("%s %s failed (%s), retry %u", call->method, g_uri_get_path (soup_message_get_uri (msg)),
                   error->message, call->attempts);
          call_retry_later (g_steal_pointer (&task), backoff_ms (self, call->attempts));
          return;
        }
      g_task_return_error (task, plumb_api_error_from_transport (error, call_is_idempotent (call)));
      return;
    }

  status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_UNAUTHORIZED && (call->flags & PLUMB_REQUEST_NO_AUTH) == 0 &&
      !call->refreshed && self->account != NULL)
    {
      /* Expired or revoked under us: one refresh, one more try. */
      call->refreshed = TRUE;
      g_object_set_data (G_OBJECT (task), "rejected", GINT_TO_POINTER (1));
      call_start (g_steal_pointer (&task));
      return;
    }

  if ((status == 429 || status == SOUP_STATUS_SERVICE_UNAVAILABLE) &&
      call->waits < MAX_WAITS)
    {
      /* The server did not act on the request, so even a POST may go again. */
      call->waits++;
      call_retry_later (g_steal_pointer (&task), server_wait_ms (self, soup_message_get_response_headers (msg)));
      return;
    }

  if (status >= 500 && call_is_idempotent (call) && call->attempts + 1 < MAX_ATTEMPTS)
    {
      call->attempts++;
      call_retry_later (g_steal_pointer (&task), backoff_ms (self, call->attempts));
      return;
    }

  if (status < 200 || status >= 300)
    {
      g_task_return_error (task, plumb_api_error_from_response (status, soup_message_get_response_headers (msg), body));
      return;
    }

  {
    PlumbResponse *response = g_new0 (PlumbResponse, 1);

    response->status = status;
    response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
    response->body = g_steal_pointer (&body);
    g_task_return_pointer (task, response, (GDestroyNotify) plumb_response_free);
  }
}

static gboolean
plain_http_allowed (GUri *uri)
{
  g_autofree char *text = NULL;

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
    return TRUE;
  text = g_uri_to_string (uri);
  return plumb_url_is_loopback (text);
}

static void
call_send (GTask *task)
{
  PlumbSession *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;

  msg = soup_message_new (call->method, call->url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_INVALID_INPUT,
                               _("“%s” is not a valid address."), call->url);
      g_object_unref (task);
      return;
    }
  /* Whatever the caller checked, a token or a form never crosses the
   * network in the clear: plain http only to this computer. */
  if (!plain_http_allowed (soup_message_get_uri (msg)))
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_INSECURE_URL,
                               _("“%s” must be reached over https://. Plain http:// is only allowed on this computer (localhost)"),
                               g_uri_get_host (soup_message_get_uri (msg)));
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (call->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", call->token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
      memset (bearer, 0, strlen (bearer));
    }
  if (call->company_id > 0)
    {
      char text[32];

      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, call->company_id);
      soup_message_headers_replace (headers, "Procore-Company-Id", text);
    }
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (msg, call->content_type, call->body);
  if (call_is_idempotent (call))
    soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);

  self->requests_sent++;
  g_object_set_data_full (G_OBJECT (task), "message", g_object_ref (msg), g_object_unref);
  soup_session_send_async (self->soup, msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), call_sent_cb, task);
}

static void
call_got_token_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *token;

  token = plumb_account_get_token_finish ((PlumbAccount *) source, result, &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (call->token != NULL)
    memset (call->token, 0, strlen (call->token));
  g_free (call->token);
  call->token = token;
  call_send (task);
}

/* Takes the reference to @task. */
static void
call_start (GTask *task)
{
  PlumbSession *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if ((call->flags & PLUMB_REQUEST_NO_AUTH) != 0)
    {
      call_send (task);
      return;
    }
  if (self->account == NULL)
    {
      g_task_return_new_error (task, PLUMB_ERROR, PLUMB_ERROR_NOT_SIGNED_IN,
                               _("Sign in to Procore first."));
      g_object_unref (task);
      return;
    }

  /* After a 401 the account refreshes (once, shared by every call that hit
   * it) only if the token it holds is the one that was turned away. */
  plumb_account_get_token_async (self->account,
                                 g_object_steal_data (G_OBJECT (task), "rejected") != NULL ? call->token : NULL,
                                 g_task_get_cancellable (task), call_got_token_cb, task);
}

void
plumb_session_call_raw_async (PlumbSession        *self,
                              const char          *method,
                              const char          *url,
                              gint64               company_id,
                              GBytes              *body,
                              const char          *content_type,
                              PlumbRequestFlags    flags,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (PLUMB_IS_SESSION (self));
  g_return_if_fail (method != NULL && url != NULL);

  call = g_new0 (Call, 1);
  call->method = g_strdup (method);
  call->url = plumb_session_build_url (self, url);
  call->company_id = company_id;
  call->body = body != NULL ? g_bytes_ref (body) : NULL;
  call->content_type = g_strdup (content_type);
  call->flags = flags;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_session_call_raw_async);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  call_start (task);
}

PlumbResponse *
plumb_session_call_raw_finish (PlumbSession  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static JsonNode *
parse_body (PlumbResponse  *response,
            GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = 0;
  const char *data = response->body != NULL ? g_bytes_get_data (response->body, &len) : NULL;

  if (data == NULL || len == 0)
    return json_node_new (JSON_NODE_NULL);

  if (!json_parser_load_from_data (parser, data, len, NULL) || json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("Procore sent an answer that could not be read. Try again."));
      return NULL;
    }
  return json_parser_steal_root (parser);
}

static void
call_json_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PlumbResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  response = plumb_session_call_raw_finish (PLUMB_SESSION (source), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  node = parse_body (response, &error);
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_object_set_data (G_OBJECT (task), "status", GUINT_TO_POINTER (response->status));
  g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

void
plumb_session_call_async (PlumbSession        *self,
                          const char          *method,
                          const char          *path,
                          gint64               company_id,
                          JsonNode            *body,
                          PlumbRequestFlags    flags,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  GTask *task;

  g_return_if_fail (PLUMB_IS_SESSION (self));

  if (body != NULL)
    {
      gsize len = 0;
      char *text = json_to_string (body, FALSE);

      len = strlen (text);
      bytes = g_bytes_new_take (text, len);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_session_call_async);
  plumb_session_call_raw_async (self, method, path, company_id, bytes,
                                bytes != NULL ? "application/json" : NULL,
                                flags, cancellable, call_json_cb, task);
}

JsonNode *
plumb_session_call_finish (PlumbSession  *self,
                           GAsyncResult  *result,
                           guint         *status,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (status != NULL)
    *status = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "status"));
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The form carries the client secret and grants: leave no copy behind. */
static void
wipe_and_free (gpointer data)
{
  memset (data, 0, strlen (data));
  g_free (data);
}

void
plumb_session_post_form_async (PlumbSession        *self,
                               const char          *path,
                               GHashTable          *form,
                               PlumbRequestFlags    flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *url = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *encoded;
  GTask *task;

  g_return_if_fail (PLUMB_IS_SESSION (self));

  url = g_strconcat (self->login_url, path, NULL);
  encoded = soup_form_encode_hash (form);
  bytes = g_bytes_new_with_free_func (encoded, strlen (encoded), wipe_and_free, encoded);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_session_post_form_async);
  plumb_session_call_raw_async (self, "POST", url, 0, bytes, "application/x-www-form-urlencoded",
                                flags | PLUMB_REQUEST_NO_AUTH, cancellable, call_json_cb, task);
}

JsonNode *
plumb_session_post_form_finish (PlumbSession  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
