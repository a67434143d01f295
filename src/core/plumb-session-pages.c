/* plumb-session-pages.c: every page of a Procore list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first page tells how many there are (the Total and Per-Page headers);
 * the rest are then asked for together, a few at a time. An answer without
 * a usable Total is followed by its Link header's rel="next", one page
 * after the other. Bodies are parsed and turned into items in worker
 * threads so the main loop keeps reading the network while big pages are
 * being read.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plumb-error.h"
#include "plumb-link-header.h"
#include "plumb-session-private.h"

#define MAX_PARSE_RETRIES 3

typedef struct
{
  char           *path;
  char           *query;
  gint64          company_id;
  guint           per_page;
  PlumbPageReader reader;
  PlumbItemFunc   item_func;
  gpointer        item_data;
  GDestroyNotify  item_data_free;
  GDestroyNotify  item_free;
  GPtrArray      *pages;        /* GPtrArray* of items per page, NULL until read */
  guint           n_pages;
  guint           next_page;
  guint           in_flight;    /* on the network */
  guint           n_done;
  gboolean        finished;
  gboolean        following;    /* no Total: pages come by their rel="next" links */
  PlumbLinkTrail *trail;        /* the URLs asked for so far, to notice a loop */
  GCancellable   *cancellable;  /* ours, so one failure stops the other pages */
  GCancellable   *outer;
  gulong          outer_id;
} Pager;

typedef struct
{
  GTask         *task;         /* the pager's */
  guint          page;
  guint          attempt;      /* bodies of this page that could not be read */
  char          *url;
  PlumbResponse *response;
} PageJob;

static void
pager_free (Pager *pager)
{
  if (pager->outer != NULL)
    g_cancellable_disconnect (pager->outer, pager->outer_id);
  g_clear_object (&pager->outer);
  g_clear_object (&pager->cancellable);
  g_clear_pointer (&pager->pages, g_ptr_array_unref);
  g_clear_pointer (&pager->trail, plumb_link_trail_free);
  if (pager->item_data_free != NULL)
    pager->item_data_free (pager->item_data);
  g_free (pager->path);
  g_free (pager->query);
  g_free (pager);
}

static void
page_items_free (gpointer data)
{
  if (data != NULL)
    g_ptr_array_unref (data);
}

static void
page_job_free (PageJob *job)
{
  g_clear_object (&job->task);
  g_clear_pointer (&job->response, plumb_response_free);
  g_free (job->url);
  g_free (job);
}

static void fetch_page (GTask *task,
                        guint  page,
                        guint  attempt);
static void fetch_url  (GTask      *task,
                        guint       page,
                        const char *url,
                        guint       attempt);

static void
pager_fail (GTask  *task,
            GError *error)
{
  Pager *pager = g_task_get_task_data (task);

  if (pager->finished)
    {
      g_error_free (error);
      return;
    }
  pager->finished = TRUE;
  g_cancellable_cancel (pager->cancellable);
  g_task_return_error (task, error);
}

static void
pager_complete (GTask *task)
{
  Pager *pager = g_task_get_task_data (task);
  guint total = 0;
  GPtrArray *items;

  for (guint i = 0; i < pager->pages->len; i++)
    total += ((GPtrArray *) g_ptr_array_index (pager->pages, i))->len;

  items = g_ptr_array_new_full (total, pager->item_free);
  for (guint i = 0; i < pager->pages->len; i++)
    {
      GPtrArray *page = g_ptr_array_index (pager->pages, i);

      /* Moved, not copied: the page array gives up its items. */
      for (guint j = 0; j < page->len; j++)
        g_ptr_array_add (items, g_ptr_array_index (page, j));
      g_ptr_array_set_free_func (page, NULL);
      g_ptr_array_set_size (page, 0);
    }

  pager->finished = TRUE;
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
launch_more (GTask *task)
{
  Pager *pager = g_task_get_task_data (task);
  guint limit = plumb_session_get_max_concurrent (g_task_get_source_object (task));

  while (!pager->finished && pager->next_page <= pager->n_pages && pager->in_flight < limit)
    fetch_page (task, pager->next_page++, 0);
}

/* The reader for lists of ordinary size: a json-glib tree, then item_func
 * on each object. */
static gboolean
read_with_tree (const char  *data,
                gsize        len,
                GPtrArray   *items,
                gpointer     user_data,
                GError     **error)
{
  Pager *pager = user_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonArray *array;

  if (data == NULL || !json_parser_load_from_data (parser, data, len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, PLUMB_ERROR, PLUMB_ERROR_BAD_RESPONSE,
                           _("Procore sent a page of the list that could not be read. Try again."));
      return FALSE;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      if (pager->item_func != NULL)
        item = pager->item_func (json_node_get_object (element), pager->item_data);
      else
        item = json_node_ref (element);
      if (item != NULL)
        g_ptr_array_add (items, item);
    }
  return TRUE;
}

static void
parse_in_thread (GTask        *subtask,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PageJob *job = task_data;
  Pager *pager = g_task_get_task_data (job->task);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (pager->item_free);
  GError *error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (job->response->body, &len);
  gpointer reader_data = pager->reader == read_with_tree ? pager : pager->item_data;

  if (!pager->reader (data, len, items, reader_data, &error))
    {
      g_task_return_error (subtask, error);
      return;
    }
  /* Read: the text is no longer needed, and its memory can take the next page. */
  g_clear_pointer (&job->response->body, g_bytes_unref);
  g_task_return_pointer (subtask, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}


/* Asks for the page after @job's, if its Link header names one. The next
 * page is never on another host: it would get the person's token. */
static gboolean
follow_next (GTask    *task,
             PageJob  *job,
             GError  **error)
{
  PlumbSession *self = g_task_get_source_object (task);
  Pager *pager = g_task_get_task_data (task);
  g_autofree char *next = NULL;

  next = plumb_link_trail_next (pager->trail, soup_message_headers_get_list (job->response->headers, "Link"),
                                job->url, plumb_session_get_api_url (self), error);
  if (next == NULL)
    return error == NULL || *error == NULL;

  pager->n_pages++;
  g_ptr_array_set_size (pager->pages, pager->n_pages);
  pager->next_page = pager->n_pages + 1;
  fetch_url (task, pager->n_pages, next, 0);
  return TRUE;
}

static void
page_parsed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PageJob *job = g_task_get_task_data (G_TASK (result));
  GTask *task = job->task;
  Pager *pager = g_task_get_task_data (task);
  PlumbSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  items = g_task_propagate_pointer (G_TASK (result), &error);

  if (pager->finished)
    {
      g_clear_pointer (&items, g_ptr_array_unref);
      return;
    }

  if (items == NULL)
    {
      /* A garbled body is worth another GET, a few times. */
      if (job->attempt < MAX_PARSE_RETRIES)
        {
          fetch_url (task, job->page, job->url, job->attempt + 1);
          return;
        }
      pager_fail (task, g_steal_pointer (&error));
      return;
    }

  page_items_free (g_ptr_array_index (pager->pages, job->page - 1));
  g_ptr_array_index (pager->pages, job->page - 1) = items;
  pager->n_done++;

  if (job->page > 1)
    plumb_session_emit_page_loaded (self, pager->path, job->page, pager->following ? 0 : pager->n_pages);

  if (pager->n_done >= pager->n_pages)
    {
      pager_complete (task);
      return;
    }
  launch_more (task);
}

static void
page_fetched_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PageJob *job = user_data;
  Pager *pager = g_task_get_task_data (job->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) subtask = NULL;

  job->response = plumb_session_call_raw_finish (PLUMB_SESSION (source), result, &error);
  pager->in_flight--;
  if (pager->finished)
    {
      page_job_free (job);
      return;
    }
  if (job->response == NULL)
    {
      pager_fail (job->task, g_steal_pointer (&error));
      page_job_free (job);
      return;
    }

  if (job->page == 1 && pager->n_pages == 0)
    {
      guint total = 0;
      guint per_page = 0;

      if (!plumb_session_header_get_uint (job->response->headers, "Per-Page", &per_page) || per_page == 0)
        per_page = MAX (pager->per_page, 1);
      /* Without a Total, the pages are followed by their links; without
       * those either, the first page is the only one. */
      pager->following = !plumb_session_header_get_uint (job->response->headers, "Total", &total);
      pager->n_pages = pager->following ? 1 : MAX ((total + per_page - 1) / per_page, 1);
      g_ptr_array_set_size (pager->pages, pager->n_pages);
      pager->next_page = 2;
      plumb_session_emit_page_loaded (PLUMB_SESSION (source), pager->path, 1,
                                      pager->following ? 0 : pager->n_pages);
    }

  /* The next page goes out at once; a page asked for again has done so. */
  if (pager->following && job->attempt == 0 && job->page == pager->n_pages)
    {
      if (!follow_next (job->task, job, &error))
        {
          pager_fail (job->task, g_steal_pointer (&error));
          page_job_free (job);
          return;
        }
    }

  /* The job rides with the parse, so the headers are still there after. */
  subtask = g_task_new (NULL, pager->cancellable, page_parsed_cb, NULL);
  g_task_set_task_data (subtask, job, (GDestroyNotify) page_job_free);
  g_task_run_in_thread (subtask, parse_in_thread);

  /* The rest of the pages go out while this one is being read. */
  launch_more (job->task);
}

static void
fetch_url (GTask      *task,
           guint       page,
           const char *url,
           guint       attempt)
{
  PlumbSession *self = g_task_get_source_object (task);
  Pager *pager = g_task_get_task_data (task);
  PageJob *job = g_new0 (PageJob, 1);

  job->task = g_object_ref (task);
  job->page = page;
  job->attempt = attempt;
  job->url = plumb_session_build_url (self, url);
  plumb_link_trail_add (pager->trail, job->url);
  pager->in_flight++;
  plumb_session_call_raw_async (self, "GET", job->url, pager->company_id, NULL, NULL,
                                PLUMB_REQUEST_DEFAULT, pager->cancellable, page_fetched_cb, job);
}

static void
fetch_page (GTask *task,
            guint  page,
            guint  attempt)
{
  Pager *pager = g_task_get_task_data (task);
  g_autofree char *url = NULL;

  url = g_strdup_printf ("%s?%s%spage=%u&per_page=%u", pager->path,
                         pager->query != NULL ? pager->query : "",
                         pager->query != NULL && *pager->query != '\0' ? "&" : "",
                         page, pager->per_page);
  fetch_url (task, page, url, attempt);
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

static void
start_pager (PlumbSession        *self,
             Pager               *pager,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  pager->pages = g_ptr_array_new_with_free_func (page_items_free);
  g_ptr_array_set_size (pager->pages, 1);
  pager->trail = plumb_link_trail_new ();
  pager->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      pager->outer = g_object_ref (cancellable);
      pager->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                               pager->cancellable, NULL);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plumb_session_fetch_all_async);
  g_task_set_task_data (task, pager, (GDestroyNotify) pager_free);
  fetch_page (task, 1, 0);
}

static Pager *
pager_new (const char *path,
           const char *query,
           gint64      company_id,
           guint       per_page)
{
  Pager *pager = g_new0 (Pager, 1);

  pager->path = g_strdup (path);
  pager->query = g_strdup (query);
  pager->company_id = company_id;
  pager->per_page = per_page > 0 ? per_page : 100;
  return pager;
}

void
plumb_session_fetch_all_async (PlumbSession        *self,
                               const char          *path,
                               const char          *query,
                               gint64               company_id,
                               guint                per_page,
                               PlumbItemFunc        item_func,
                               gpointer             item_data,
                               GDestroyNotify       item_free,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Pager *pager;

  g_return_if_fail (PLUMB_IS_SESSION (self));
  g_return_if_fail (path != NULL);

  pager = pager_new (path, query, company_id, per_page);
  pager->reader = read_with_tree;
  pager->item_func = item_func;
  pager->item_data = item_data;
  pager->item_free = item_free != NULL ? item_free : (item_func == NULL ? (GDestroyNotify) json_node_unref : NULL);
  start_pager (self, pager, cancellable, callback, user_data);
}

void
plumb_session_fetch_pages_async (PlumbSession        *self,
                                 const char          *path,
                                 const char          *query,
                                 gint64               company_id,
                                 guint                per_page,
                                 PlumbPageReader      reader,
                                 gpointer             reader_data,
                                 GDestroyNotify       reader_data_free,
                                 GDestroyNotify       item_free,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Pager *pager;

  g_return_if_fail (PLUMB_IS_SESSION (self));
  g_return_if_fail (path != NULL && reader != NULL);

  pager = pager_new (path, query, company_id, per_page);
  pager->reader = reader;
  pager->item_data = reader_data;
  pager->item_data_free = reader_data_free;
  pager->item_free = item_free;
  start_pager (self, pager, cancellable, callback, user_data);
}

GPtrArray *
plumb_session_fetch_all_finish (PlumbSession  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
