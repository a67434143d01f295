/* plumb-session.h: the one HTTP session every Procore call goes through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define PLUMB_TYPE_SESSION (plumb_session_get_type ())

G_DECLARE_FINAL_TYPE (PlumbSession, plumb_session, PLUMB, SESSION, GObject)

typedef struct _PlumbAccount PlumbAccount;

typedef enum
{
  PLUMB_REQUEST_DEFAULT    = 0,
  PLUMB_REQUEST_NO_AUTH    = 1 << 0, /* no Bearer token: the OAuth endpoints */
  PLUMB_REQUEST_IDEMPOTENT = 1 << 1, /* safe to repeat although the method is POST/PATCH */
  PLUMB_REQUEST_ONCE       = 1 << 2, /* never repeat, even a GET (spends a one-time secret) */
} PlumbRequestFlags;

/* Reads one page's body (a JSON array) into @items. Runs in a worker thread. */
typedef gboolean (*PlumbPageReader) (const char  *data,
                                     gsize        len,
                                     GPtrArray   *items,
                                     gpointer     user_data,
                                     GError     **error);

/* Turns one JSON object of a page into an item. Runs in a worker thread. */
typedef gpointer (*PlumbItemFunc) (JsonObject *object,
                                   gpointer    user_data);

PlumbSession *plumb_session_new               (const char          *api_url,
                                               const char          *login_url);
const char   *plumb_session_get_api_url       (PlumbSession        *self);
const char   *plumb_session_get_login_url     (PlumbSession        *self);
void          plumb_session_set_account       (PlumbSession        *self,
                                               PlumbAccount        *account);
guint64       plumb_session_get_requests_sent (PlumbSession        *self);
void          plumb_session_set_retry_delay   (PlumbSession        *self,
                                               guint                base_ms);

JsonNode     *plumb_session_wrap_body         (const char          *resource,
                                               JsonObject          *fields);

/* @path is relative to the API URL ("/rest/v1.0/me") or absolute;
 * @company_id > 0 adds Procore-Company-Id; @body, if any, is sent as JSON. */
void          plumb_session_call_async        (PlumbSession        *self,
                                               const char          *method,
                                               const char          *path,
                                               gint64               company_id,
                                               JsonNode            *body,
                                               PlumbRequestFlags    flags,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
JsonNode     *plumb_session_call_finish       (PlumbSession        *self,
                                               GAsyncResult        *result,
                                               guint               *status,
                                               GError             **error);

/* An application/x-www-form-urlencoded POST to the login host (the OAuth
 * endpoints). Never logged: the form and the answer hold secrets. */
void          plumb_session_post_form_async   (PlumbSession        *self,
                                               const char          *path,
                                               GHashTable          *form,
                                               PlumbRequestFlags    flags,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
JsonNode     *plumb_session_post_form_finish  (PlumbSession        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Every page of a list: the first, then the rest at once when Total is
 * known. @query is an encoded query string without page/per_page, or NULL.
 * Gives a GPtrArray of what @item_func made, in the server's order. */
void          plumb_session_fetch_all_async   (PlumbSession        *self,
                                               const char          *path,
                                               const char          *query,
                                               gint64               company_id,
                                               guint                per_page,
                                               PlumbItemFunc        item_func,
                                               gpointer             item_data,
                                               GDestroyNotify       item_free,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* The same with a reader of whole pages, for lists too long for a tree;
 * @reader_data lives until the last page has been read. */
void          plumb_session_fetch_pages_async (PlumbSession        *self,
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
                                               gpointer             user_data);
GPtrArray    *plumb_session_fetch_all_finish  (PlumbSession        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
