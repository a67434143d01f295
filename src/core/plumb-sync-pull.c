/* plumb-sync-pull.c: the server's directory into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first pull loads every page of the active and the inactive lists; so
 * does each reconciliation, which also removes the people the server no
 * longer lists at all. In between, a delta pull asks both lists only for
 * the people changed since the high-water mark: someone deactivated moves
 * from one list to the other with a new updated_at, so the delta sees it.
 *
 * A full load hands the store each page as the server sent it, with the
 * ids and places of the people on it, and makes them the company's
 * directory at the end (plumb-store-snapshot.c); a delta writes the people
 * it finds one by one over them.
 *
 * Pages are asked for a few ahead while earlier ones are read here and
 * written by the store's own thread, so network, reading and SQLite
 * overlap, and no more than a handful of pages is ever held in memory.
 * An answer without a Total is followed by its Link header's rel="next"
 * instead, a page at a time: a list read short would remove the people on
 * the pages not read.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plumb-error.h"
#include "plumb-link-header.h"
#include "plumb-permissions.h"
#include "plumb-sync-private.h"

#define MAX_PAGE_RETRIES     3
#define MAX_WRITES_QUEUED    2
/* A change made while a load runs may carry a time a little before the
 * newest one the load saw; the next delta starts this much earlier. */
#define HIGH_WATER_MARGIN    5
/* The upper end of a delta's range: far enough for a sandbox whose clock
 * was moved forward. */
#define DELTA_HORIZON        (10 * 366 * 24 * 3600)

typedef struct
{
  PlumbSyncRun *run;
  gint64        generation;  /* of a full load's snapshot, 0 in a delta */
  guint         seq;         /* pages handed to the snapshot */
  gint64        max_updated; /* Unix seconds, 0 none */
  guint         writes;      /* upserts queued and not yet answered */
  GError       *write_error;
  guint         pages_done;
  guint         pages_total;
} Load;

char *
plumb_sync_user_path (gint64      company_id,
                      gint64      user_id,
                      const char *suffix)
{
  return g_strdup_printf ("/rest/v1.3/companies/%" G_GINT64_FORMAT "/users/%" G_GINT64_FORMAT "%s",
                          company_id, user_id, suffix != NULL ? suffix : "");
}

/* Waits for an answer no longer wanted, so nothing outlives the load. */
static void
drop_answer (PlumbSyncRun  *run,
             PlumbSyncHttp *http)
{
  PlumbResponse *response = plumb_sync_http_wait (run, http, NULL);

  g_clear_pointer (&response, plumb_response_free);
}

static gint64
parse_time (const char *text)
{
  return text != NULL ? plumb_user_page_parse_time (text, strlen (text)) : 0;
}

static char *
format_time (gint64 seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
plumb_sync_store_user (PlumbSyncRun  *run,
                       gint64         company_id,
                       JsonNode      *user,
                       GError       **error)
{
  g_autoptr(JsonArray) one = NULL;

  if (user == NULL || !JSON_NODE_HOLDS_OBJECT (user))
    return TRUE;
  one = json_array_new ();
  json_array_add_element (one, json_node_copy (user));
  return plumb_store_upsert_users (run->store, company_id, one, run->cancellable, error);
}

static void
records_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;

  if (!plumb_store_upsert_records_finish (PLUMB_STORE (source), result, &error) && load->write_error == NULL)
    load->write_error = g_steal_pointer (&error);
  load->writes--;
}

static void
page_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;

  if (!plumb_store_add_user_page_finish (PLUMB_STORE (source), result, &error) && load->write_error == NULL)
    load->write_error = g_steal_pointer (&error);
  load->writes--;
}

static void
wait_writes (Load  *load,
             guint  at_most)
{
  while (load->writes > at_most)
    g_main_context_iteration (load->run->worker_context, TRUE);
  /* The store lets go of a finished write from an idle of low priority;
   * without this it would wait behind the answers until the load ends,
   * and every page read so far with it. */
  while (g_main_context_iteration (load->run->worker_context, FALSE))
    ;
}

static gboolean
make_room (Load    *load,
           GError **error)
{
  wait_writes (load, MAX_WRITES_QUEUED - 1);
  if (load->write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&load->write_error));
      return FALSE;
    }
  return TRUE;
}

/* Hands a page to the store, which keeps it until it is written. */
static gboolean
take_page (Load            *load,
           PlumbUserPage  **page,
           GError         **error)
{
  GArray *records = plumb_user_page_get_records (*page);
  PlumbSyncRun *run = load->run;

  load->max_updated = MAX (load->max_updated, plumb_user_page_get_max_updated (*page));
  if (records->len == 0)
    return TRUE;
  if (!make_room (load, error))
    return FALSE;
  load->writes++;
  run->pulled += records->len;
  if (load->generation > 0)
    plumb_store_add_user_page_async (run->store, run->company_id, load->generation, load->seq++,
                                     g_steal_pointer (page), run->cancellable, page_done_cb, load);
  else
    plumb_store_upsert_records_async (run->store, run->company_id, records,
                                      g_steal_pointer (page), (GDestroyNotify) plumb_user_page_free,
                                      run->cancellable, records_done_cb, load);
  return TRUE;
}

/* A page the fast reader refused that json-glib takes for an array: read
 * again from json-glib's own writing of it. */
static PlumbUserPage *
read_page (GBytes            *body,
           PlumbUserPageMode  mode)
{
  PlumbUserPage *page = plumb_user_page_read (body, mode);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) again = NULL;
  char *text;

  if (page != NULL)
    return page;
  root = plumb_sync_parse (body, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;
  text = json_to_string (root, FALSE);
  again = g_bytes_new_take (text, strlen (text));
  return plumb_user_page_read (again, mode);
}

static char *
page_path (const char *path,
           const char *query,
           guint       page)
{
  return g_strdup_printf ("%s?%s%spage=%u&per_page=%u", path,
                          query != NULL ? query : "", query != NULL ? "&" : "",
                          page, PLUMB_SYNC_PER_PAGE);
}


/* One page, asked again at @url when its body comes garbled. With
 * @headers, gives the answer's headers too. */
static PlumbUserPage *
finish_page (Load                *load,
             const char          *url,
             PlumbSyncHttp       *http,
             SoupMessageHeaders **headers,
             GError             **error)
{
  PlumbSyncRun *run = load->run;
  PlumbUserPageMode mode = load->generation > 0 ? PLUMB_USER_PAGE_INDEX : PLUMB_USER_PAGE_COLUMNS;

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(PlumbResponse) response = plumb_sync_http_wait (run, http, error);
      PlumbUserPage *read;

      if (response == NULL)
        return NULL;
      if (headers != NULL)
        {
          g_clear_pointer (headers, soup_message_headers_unref);
          *headers = soup_message_headers_ref (response->headers);
        }
      read = read_page (response->body, mode);
      if (read != NULL)
        return read;
      if (attempt + 1 >= MAX_PAGE_RETRIES)
        {
          g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                               _("Procore sent a page of the directory that could not be read. Try again."));
          return NULL;
        }
      http = plumb_sync_http_start (run, "GET", url, run->company_id, NULL, NULL, PLUMB_REQUEST_DEFAULT);
    }
}

static void
report (Load *load)
{
  if (load->pages_total > 0)
    plumb_sync_progress (load->run, 0.1 + 0.85 * MIN (1.0, (double) load->pages_done / load->pages_total));
}

/* The pages after @first, each found by the rel="next" link of the one
 * before; never on another host, which would be sent the token. */
static gboolean
load_linked (Load                *load,
             const char          *first_url,
             SoupMessageHeaders  *first_headers,
             PlumbUserPage      **first,
             GError             **error)
{
  PlumbSyncRun *run = load->run;
  g_autoptr(PlumbLinkTrail) trail = plumb_link_trail_new ();
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_ref (first_headers);
  g_autofree char *url = plumb_session_build_url (run->session, first_url);
  g_autoptr(PlumbUserPage) page = g_steal_pointer (first);

  plumb_link_trail_add (trail, url);
  load->pages_total++;

  for (;;)
    {
      g_autoptr(GError) link_error = NULL;
      g_autofree char *next = NULL;
      PlumbSyncHttp *http = NULL;

      next = plumb_link_trail_next (trail, soup_message_headers_get_list (headers, "Link"), url,
                                    plumb_session_get_api_url (run->session), &link_error);
      if (link_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&link_error));
          return FALSE;
        }

      /* The next page travels while this one is taken. */
      if (next != NULL)
        {
          http = plumb_sync_http_start (run, "GET", next, run->company_id, NULL, NULL, PLUMB_REQUEST_DEFAULT);
          load->pages_total++;
        }

      if (!take_page (load, &page, error))
        {
          if (http != NULL)
            drop_answer (run, http);
          return FALSE;
        }
      load->pages_done++;
      report (load);

      if (http == NULL)
        return TRUE;

      g_clear_pointer (&page, plumb_user_page_free);
      page = finish_page (load, next, http, &headers, error);
      if (page == NULL)
        return FALSE;
      g_free (url);
      url = g_steal_pointer (&next);
    }
}

/* Every page of one list. */
static gboolean
load_list (Load        *load,
           const char  *path,
           const char  *query,
           GError     **error)
{
  PlumbSyncRun *run = load->run;
  g_autofree char *first_url = page_path (path, query, 1);
  g_autoptr(PlumbUserPage) first = NULL;
  g_autoptr(GQueue) ahead = g_queue_new ();
  g_autoptr(SoupMessageHeaders) headers = NULL;
  guint total = 0;
  guint n_pages;
  guint next;
  gboolean ok = TRUE;

  first = finish_page (load, first_url,
                       plumb_sync_http_start (run, "GET", first_url, run->company_id, NULL, NULL,
                                              PLUMB_REQUEST_DEFAULT),
                       &headers, error);
  if (first == NULL)
    return FALSE;

  if (!plumb_session_header_get_uint (headers, "Total", &total))
    return load_linked (load, first_url, headers, &first, error);

  n_pages = total > 0 ? (total + PLUMB_SYNC_PER_PAGE - 1) / PLUMB_SYNC_PER_PAGE : 1;
  load->pages_total += n_pages;
  next = 2;
  while (next <= n_pages && g_queue_get_length (ahead) < PLUMB_SYNC_PAGES_AHEAD)
    {
      g_autofree char *url = page_path (path, query, next++);

      g_queue_push_tail (ahead, plumb_sync_http_start (run, "GET", url, run->company_id, NULL, NULL,
                                                       PLUMB_REQUEST_DEFAULT));
    }

  if (!take_page (load, &first, error))
    ok = FALSE;
  load->pages_done++;
  report (load);

  for (guint page = 2; page <= n_pages; page++)
    {
      PlumbSyncHttp *http = g_queue_pop_head (ahead);
      g_autoptr(PlumbUserPage) data = NULL;

      if (ok)
        {
          g_autofree char *url = page_path (path, query, page);

          ok = (data = finish_page (load, url, http, NULL, error)) != NULL;
        }
      else
        {
          /* Collect the answers still coming, so nothing outlives the load. */
          drop_answer (run, http);
        }

      if (next <= n_pages && ok)
        {
          g_autofree char *url = page_path (path, query, next++);

          g_queue_push_tail (ahead, plumb_sync_http_start (run, "GET", url, run->company_id, NULL, NULL,
                                                           PLUMB_REQUEST_DEFAULT));
        }
      if (ok && !take_page (load, &data, error))
        ok = FALSE;
      load->pages_done++;
      report (load);
    }

  while (!g_queue_is_empty (ahead))
    drop_answer (run, g_queue_pop_head (ahead));
  return ok;
}

static gboolean
pull_own_record (PlumbSyncRun  *run,
                 GError       **error)
{
  g_autofree char *path = g_strdup_printf ("/rest/v1.3/companies/%" G_GINT64_FORMAT "/me", run->company_id);
  g_autoptr(JsonNode) me = NULL;
  JsonObject *object;

  me = plumb_sync_http_json (run, "GET", path, run->company_id, NULL, PLUMB_REQUEST_DEFAULT, error);
  if (me == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (me))
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("Procore sent an answer of an unexpected kind."));
      return FALSE;
    }
  object = json_node_get_object (me);
  run->own_user_id = json_object_get_int_member_with_default (object, "id", 0);
  return plumb_store_put_own_record (run->store, run->company_id, object, object, run->cancellable, error);
}

static gboolean
pull_permissions (PlumbSyncRun  *run,
                  GError       **error)
{
  g_autofree char *path = g_strdup_printf ("/rest/v1.0/settings/permissions?company_id=%" G_GINT64_FORMAT,
                                           run->company_id);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(PlumbPermissions) permissions = NULL;

  node = plumb_sync_http_json (run, "GET", path, run->company_id, NULL, PLUMB_REQUEST_DEFAULT, error);
  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("Procore sent an answer of an unexpected kind."));
      return FALSE;
    }
  permissions = plumb_permissions_new_from_json (run->company_id, node);
  return plumb_store_put_permissions (run->store, run->company_id, node,
                                      plumb_permissions_can_invite (permissions),
                                      run->cancellable, error);
}

gboolean
plumb_sync_pull (PlumbSyncRun  *run,
                 GError       **error)
{
  g_autoptr(PlumbSyncState) state = NULL;
  g_autofree char *active_path = NULL;
  g_autofree char *inactive_path = NULL;
  g_autofree char *query = NULL;
  Load load = { 0 };
  gboolean full;
  gboolean ok;
  gint64 started;
  gint64 old_high;
  gint64 new_high;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!pull_own_record (run, error) || !pull_permissions (run, error))
    return FALSE;
  /* The answers above set the clock offset: the load starts now, on the
   * server's clock. */
  started = plumb_sync_server_now (run);

  state = plumb_store_get_sync_state (run->store, run->company_id, run->cancellable, error);
  if (state == NULL)
    return FALSE;

  old_high = parse_time (state->high_water);
  full = old_high == 0 || state->last_full_sync == 0 ||
         now - state->last_reconcile >= (gint64) run->reconcile_seconds;

  load.run = run;
  if (full)
    {
      /* Whoever is stored but in neither list is left out of the new
       * snapshot: they have left the directory. */
      load.generation = plumb_store_begin_user_snapshot (run->store, run->company_id, run->cancellable, error);
      if (load.generation == 0)
        return FALSE;
    }
  else
    {
      g_autofree char *from = format_time (old_high);
      g_autofree char *to = format_time (MAX (old_high, started) + DELTA_HORIZON);
      g_autofree char *range = g_strdup_printf ("%s...%s", from, to);
      g_autofree char *escaped = g_uri_escape_string (range, NULL, FALSE);

      query = g_strdup_printf ("filters%%5Bupdated_at%%5D=%s", escaped);
    }

  active_path = g_strdup_printf ("/rest/v1.3/companies/%" G_GINT64_FORMAT "/users", run->company_id);
  inactive_path = g_strdup_printf ("/rest/v1.3/companies/%" G_GINT64_FORMAT "/users/inactive", run->company_id);

  ok = load_list (&load, active_path, query, error) &&
       load_list (&load, inactive_path, query, error);
  wait_writes (&load, 0);
  if (ok && load.write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&load.write_error));
      ok = FALSE;
    }
  g_clear_error (&load.write_error);
  if (ok && full)
    ok = plumb_store_commit_user_snapshot (run->store, run->company_id, load.generation, load.seq,
                                           run->cancellable, error);
  if (!ok)
    return FALSE;

  new_high = MAX (old_high, load.max_updated);
  new_high = MIN (new_high, started - HIGH_WATER_MARGIN);
  if (new_high <= 0)
    new_high = started - HIGH_WATER_MARGIN;

  g_free (state->high_water);
  state->high_water = format_time (new_high);
  if (full)
    {
      state->last_full_sync = now;
      state->last_reconcile = now;
    }
  plumb_sync_progress (run, 1.0);
  return plumb_store_put_sync_state (run->store, run->company_id, state, run->cancellable, error);
}
