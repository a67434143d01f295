/* plumb-sandbox-server.c: the state's life, routing, rate limits and faults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "plumb-sandbox-private.h"

#define RATE_WINDOW_SECONDS 10
/* What X-Rate-Limit-Limit says when no limit is enforced: large, so that a
 * client pacing itself on the headers is never slowed down. */
#define RATE_LIMIT_OFF 100000

const PlumbSandboxModule *const plumb_sandbox_modules[] = {
  &plumb_sandbox_world_module,
  &plumb_sandbox_oauth_module,
  &plumb_sandbox_rest_module,
  &plumb_sandbox_portal_module,
};
const guint plumb_sandbox_n_modules = G_N_ELEMENTS (plumb_sandbox_modules);

typedef struct
{
  char                  *prefix;
  PlumbSandboxRouteFlags flags;
  PlumbSandboxRouteFunc  func;
  gpointer               user_data;
} Route;

typedef struct
{
  PlumbSandboxState *state;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  const Route       *route;
  gboolean           malformed;
} Pending;

static void
route_clear (gpointer data)
{
  Route *route = data;

  g_free (route->prefix);
}

static void
company_free_cb (gpointer data)
{
  plumb_sandbox_company_free (data);
}

static void
token_free_cb (gpointer data)
{
  plumb_sandbox_token_free (data);
}

static void
mail_free_cb (gpointer data)
{
  plumb_sandbox_mail_free (data);
}

static void
clear_data (PlumbSandboxState *state)
{
  g_ptr_array_set_size (state->companies, 0);
  g_ptr_array_set_size (state->mailbox, 0);
  g_hash_table_remove_all (state->pending_followups);
  state->next_mail_id = 1;
  state->clock_offset = 0;
}

static void
clear_faults (PlumbSandboxState *state)
{
  state->error_rate = 0;
  state->unavailable_rate = 0;
  state->drop_rate = 0;
  state->malformed_rate = 0;
  state->latency_ms = 0;
  state->burst_429 = 0;
  state->omit_total = FALSE;
  state->link_loop = FALSE;
  g_clear_pointer (&state->next_link_base, g_free);
  g_clear_pointer (&state->fault_rand, g_rand_free);
  state->fault_rand = g_rand_new_with_seed ((guint32) state->seed);
}

PlumbSandboxState *
plumb_sandbox_state_new (guint        n_users,
                         guint64      seed,
                         const char  *state_file,
                         guint        rate_limit,
                         guint        token_lifetime,
                         GError     **error)
{
  PlumbSandboxState *state = g_new0 (PlumbSandboxState, 1);

  state->n_users = n_users;
  state->seed = seed;
  state->state_file = g_strdup (state_file);
  state->rate_limit = rate_limit;
  state->token_lifetime = token_lifetime > 0 ? token_lifetime : 5400;
  state->companies = g_ptr_array_new_with_free_func (company_free_cb);
  state->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, token_free_cb);
  state->refresh_tokens = g_hash_table_new (g_str_hash, g_str_equal);
  state->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) json_object_unref);
  state->mailbox = g_ptr_array_new_with_free_func (mail_free_cb);
  state->pending_followups = g_hash_table_new (NULL, NULL);
  state->delayed = g_ptr_array_new ();
  state->routes = g_array_new (FALSE, TRUE, sizeof (Route));
  g_array_set_clear_func (state->routes, route_clear);
  state->module_data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->next_mail_id = 1;

  for (guint i = 0; i < plumb_sandbox_n_modules; i++)
    if (plumb_sandbox_modules[i]->setup != NULL)
      plumb_sandbox_modules[i]->setup (state);

  if (state_file != NULL && g_file_test (state_file, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) load_error = NULL;

      if (!plumb_sandbox_store_load (state, &load_error))
        {
          g_autofree char *aside = g_strconcat (state_file, ".unreadable", NULL);

          /* A sandbox that cannot start is worse than one that starts
           * afresh; the old file stays for whoever wants to look at it. */
          g_warning ("Could not read the sandbox state %s (%s); kept it as %s and started afresh",
                     state_file, load_error->message, aside);
          if (g_rename (state_file, aside) != 0)
            {
              int saved_errno = errno;

              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           "Could not move %s aside: %s", state_file, g_strerror (saved_errno));
              plumb_sandbox_state_free (state);
              return NULL;
            }
          clear_data (state);
          g_hash_table_remove_all (state->refresh_tokens);
          g_hash_table_remove_all (state->tokens);
          g_hash_table_remove_all (state->codes);
          state->n_users = n_users;
          state->seed = seed;
          state->generated_at = plumb_sandbox_state_now (state);
          plumb_sandbox_generate (state);
          for (guint i = 0; i < plumb_sandbox_n_modules; i++)
            if (plumb_sandbox_modules[i]->reset != NULL)
              plumb_sandbox_modules[i]->reset (state);
        }
    }
  else
    {
      state->generated_at = plumb_sandbox_state_now (state);
      plumb_sandbox_generate (state);
    }

  clear_faults (state);
  return state;
}

typedef struct
{
  gpointer       data;
  GDestroyNotify destroy;
} ModuleData;

static void
module_data_free (ModuleData *md)
{
  if (md->destroy != NULL)
    md->destroy (md->data);
  g_free (md);
}

void
plumb_sandbox_state_set_module_data (PlumbSandboxState *state,
                                     const char        *module,
                                     gpointer           data,
                                     GDestroyNotify     destroy)
{
  ModuleData *md = g_new0 (ModuleData, 1);
  ModuleData *old = g_hash_table_lookup (state->module_data, module);

  if (old != NULL)
    {
      g_hash_table_remove (state->module_data, module);
      module_data_free (old);
    }
  md->data = data;
  md->destroy = destroy;
  g_hash_table_insert (state->module_data, g_strdup (module), md);
}

gpointer
plumb_sandbox_state_get_module_data (PlumbSandboxState *state,
                                     const char        *module)
{
  ModuleData *md = g_hash_table_lookup (state->module_data, module);

  return md != NULL ? md->data : NULL;
}

void
plumb_sandbox_state_free (PlumbSandboxState *state)
{
  GHashTableIter iter;
  gpointer value;

  if (state == NULL)
    return;

  /* Answers held back by latency go with the server. */
  while (state->delayed->len > 0)
    g_source_destroy (g_ptr_array_steal_index (state->delayed, state->delayed->len - 1));
  g_ptr_array_unref (state->delayed);

  if (state->server != NULL)
    {
      soup_server_disconnect (state->server);
      g_clear_object (&state->server);
    }

  g_hash_table_iter_init (&iter, state->module_data);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    module_data_free (value);
  g_hash_table_unref (state->module_data);

  g_hash_table_unref (state->pending_followups);
  g_ptr_array_unref (state->companies);
  g_ptr_array_unref (state->mailbox);
  g_hash_table_unref (state->refresh_tokens);
  g_hash_table_unref (state->tokens);
  g_hash_table_unref (state->codes);
  g_array_unref (state->routes);
  g_clear_pointer (&state->fault_rand, g_rand_free);
  g_free (state->next_link_base);
  g_free (state->base_url);
  g_free (state->state_file);
  g_free (state);
}

void
plumb_sandbox_state_reset (PlumbSandboxState *state)
{
  clear_data (state);
  clear_faults (state);
  state->generated_at = plumb_sandbox_state_now (state);
  plumb_sandbox_generate (state);
  for (guint i = 0; i < plumb_sandbox_n_modules; i++)
    if (plumb_sandbox_modules[i]->reset != NULL)
      plumb_sandbox_modules[i]->reset (state);
  plumb_sandbox_state_changed (state);
}

void
plumb_sandbox_state_changed (PlumbSandboxState *state)
{
  state->needs_save = TRUE;
}

gint64
plumb_sandbox_state_now (PlumbSandboxState *state)
{
  return g_get_real_time () / G_USEC_PER_SEC + state->clock_offset;
}

void
plumb_sandbox_state_advance_clock (PlumbSandboxState *state,
                                   gint64             seconds)
{
  state->clock_offset += seconds;
  plumb_sandbox_send_due_followups (state);
  for (guint i = 0; i < plumb_sandbox_n_modules; i++)
    if (plumb_sandbox_modules[i]->clock_moved != NULL)
      plumb_sandbox_modules[i]->clock_moved (state);
  plumb_sandbox_state_changed (state);
}

PlumbSandboxCompany *
plumb_sandbox_state_find_company (PlumbSandboxState *state,
                                  gint64             company_id)
{
  for (guint i = 0; i < state->companies->len; i++)
    {
      PlumbSandboxCompany *company = g_ptr_array_index (state->companies, i);

      if (company->id == company_id)
        return company;
    }
  return NULL;
}

void
plumb_sandbox_state_add_route (PlumbSandboxState     *state,
                               const char            *prefix,
                               PlumbSandboxRouteFlags flags,
                               PlumbSandboxRouteFunc  func,
                               gpointer               user_data)
{
  Route route = { g_strdup (prefix), flags, func, user_data };

  g_array_append_val (state->routes, route);
}

/* The longest registered prefix that ends at a path segment boundary. */
static const Route *
find_route (PlumbSandboxState *state,
            const char        *path)
{
  const Route *best = NULL;
  gsize best_len = 0;

  for (guint i = 0; i < state->routes->len; i++)
    {
      const Route *route = &g_array_index (state->routes, Route, i);
      gsize len = strlen (route->prefix);

      if (strncmp (path, route->prefix, len) != 0)
        continue;
      if (path[len] != '\0' && path[len] != '/' && route->prefix[len - 1] != '/')
        continue;
      if (len > best_len)
        {
          best = route;
          best_len = len;
        }
    }
  return best;
}

static void
set_rate_headers (PlumbSandboxState *state,
                  SoupServerMessage *msg,
                  gint64             real_now)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  guint limit = state->rate_limit > 0 ? state->rate_limit : RATE_LIMIT_OFF;
  guint remaining = state->window_count >= limit ? 0 : limit - state->window_count;
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  g_autofree char *remaining_text = g_strdup_printf ("%u", remaining);
  g_autofree char *reset_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 MAX (state->window_start, real_now - RATE_WINDOW_SECONDS)
                                                 + RATE_WINDOW_SECONDS);

  soup_message_headers_replace (headers, "X-Rate-Limit-Limit", limit_text);
  soup_message_headers_replace (headers, "X-Rate-Limit-Remaining", remaining_text);
  soup_message_headers_replace (headers, "X-Rate-Limit-Reset", reset_text);

  /* The Date header tells the sandbox clock's time, so a client that judges
   * "3 days after the invitation" by the server's clock sees the moved clock. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (plumb_sandbox_state_now (state));
    g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);

    soup_message_headers_replace (headers, "Date", date);
  }
}

static void
respond_429 (SoupServerMessage *msg,
             gint64             retry_after,
             const char        *message)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (retry_after, 1));

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", text);
  plumb_sandbox_respond_message (msg, 429, message, "rate_limit_exceeded");
}

/* Replaces a good answer with the kind of body a broken proxy sends: the
 * first half of it, then garbage. */
static void
garble_response (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GString) text = g_string_new_len (data, len / 2);

  g_string_append (text, "\x01\xff{\"");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_COPY, text->str, text->len);
}

static void
run_route (Pending *pending)
{
  PlumbSandboxState *state = pending->state;
  g_autoptr(GBytes) body = soup_message_body_flatten (
    soup_server_message_get_request_body (pending->msg));
  PlumbSandboxRequest req = {
    .state = state,
    .msg = pending->msg,
    .method = soup_server_message_get_method (pending->msg),
    .path = pending->path,
    .query = pending->query,
    .body = body,
  };

  pending->route->func (&req, pending->route->user_data);

  if (state->needs_save && state->state_file != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Saved before the answer leaves, so an answered change survives a kill. */
      if (!plumb_sandbox_store_save (state, &error))
        g_warning ("Could not save the sandbox state: %s", error->message);
    }
  state->needs_save = FALSE;

  if (pending->malformed)
    garble_response (pending->msg);
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->msg);
  g_hash_table_unref (pending->query);
  g_free (pending->path);
  g_free (pending);
}

static gboolean
delayed_cb (gpointer data)
{
  Pending *pending = data;

  g_ptr_array_remove_fast (pending->state->delayed, g_main_current_source ());
  run_route (pending);
  soup_server_message_unpause (pending->msg);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  PlumbSandboxState *state = user_data;
  const Route *route = find_route (state, path);
  gint64 real_now = g_get_real_time () / G_USEC_PER_SEC;
  Pending *pending;

  if (route != NULL && (route->flags & PLUMB_SANDBOX_ROUTE_RATE_LIMITED) != 0)
    {
      if (real_now >= state->window_start + RATE_WINDOW_SECONDS)
        {
          state->window_start = real_now;
          state->window_count = 0;
        }
      state->window_count++;
    }
  set_rate_headers (state, msg, real_now);
  /* libsoup 3.2 leaks the socket of a kept-alive connection that the
   * client closes (Debian 12 has 3.2.3, still affected); closing from this side after
   * every answer keeps a long-running sandbox within its file limit. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");

  if (route == NULL)
    {
      plumb_sandbox_respond_message (msg, 404, "Not Found", "not_found");
      return;
    }

  if ((route->flags & PLUMB_SANDBOX_ROUTE_RATE_LIMITED) != 0 &&
      state->rate_limit > 0 && state->window_count > state->rate_limit)
    {
      respond_429 (msg, state->window_start + RATE_WINDOW_SECONDS - real_now,
                   "Rate limit exceeded. Please wait before trying again.");
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->state = state;
  pending->msg = g_object_ref (msg);
  pending->path = g_strdup (path);
  pending->query = query != NULL ? g_hash_table_ref (query)
                                 : g_hash_table_new (g_str_hash, g_str_equal);
  pending->route = route;

  if ((route->flags & PLUMB_SANDBOX_ROUTE_FAULTS) != 0)
    {
      /* Always the same draws, so the sequence a seed gives does not depend
       * on which rates are set. */
      double drop = g_rand_double (state->fault_rand);
      double fail = g_rand_double (state->fault_rand);
      double garble = g_rand_double (state->fault_rand);
      double busy = g_rand_double (state->fault_rand);

      if (state->burst_429 > 0)
        {
          state->burst_429--;
          respond_429 (msg, 1, "Too many requests.");
          pending_free (pending);
          return;
        }
      if (drop < state->drop_rate)
        {
          GIOStream *stream = soup_server_message_steal_connection (msg);

          if (stream != NULL)
            {
              g_io_stream_close (stream, NULL, NULL);
              g_object_unref (stream);
            }
          pending_free (pending);
          return;
        }
      if (fail < state->error_rate)
        {
          plumb_sandbox_respond_error (msg, 500, "internal_server_error",
                                       "Something went wrong on our end.");
          pending_free (pending);
          return;
        }
      if (busy < state->unavailable_rate)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", "1");
          plumb_sandbox_respond_message (msg, 503, "The service is overloaded. Please try again shortly.",
                                         "service_unavailable");
          pending_free (pending);
          return;
        }
      pending->malformed = garble < state->malformed_rate;
      if (state->latency_ms > 0)
        {
          GSource *source = g_timeout_source_new (state->latency_ms);

          soup_server_message_pause (msg);
          g_source_set_callback (source, delayed_cb, pending, (GDestroyNotify) pending_free);
          g_source_attach (source, state->context);
          g_ptr_array_add (state->delayed, source);
          g_source_unref (source);
          return;
        }
    }

  run_route (pending);
  pending_free (pending);
}

gboolean
plumb_sandbox_state_listen (PlumbSandboxState  *state,
                            guint               port,
                            GError            **error)
{
  GSList *uris;
  guint actual = 0;

  state->context = g_main_context_get_thread_default ();
  state->server = soup_server_new ("server-header", "plumbline-sandbox ", NULL);
  soup_server_add_handler (state->server, NULL, server_cb, state, NULL);
  if (!soup_server_listen_local (state->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    {
      g_clear_object (&state->server);
      return FALSE;
    }

  uris = soup_server_get_uris (state->server);
  if (uris != NULL)
    actual = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_free (state->base_url);
  state->base_url = g_strdup_printf ("http://127.0.0.1:%u", actual);

  /* Cached answers carry absolute URLs, which only now are known. */
  for (guint i = 0; i < state->companies->len; i++)
    {
      PlumbSandboxCompany *company = g_ptr_array_index (state->companies, i);

      for (guint j = 0; j < company->users->len; j++)
        {
          PlumbSandboxUser *user = g_ptr_array_index (company->users, j);

          g_clear_pointer (&user->json, g_free);
        }
    }
  return TRUE;
}
