/* plumb-session-private.h: what the session's own files and the account share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-session.h"

G_BEGIN_DECLS

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} PlumbResponse;

void           plumb_response_free              (PlumbResponse       *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbResponse, plumb_response_free)

/* The whole retry machinery, answering the raw body: for callers that parse
 * it elsewhere (pages are parsed in a worker thread). */
void           plumb_session_call_raw_async     (PlumbSession        *self,
                                                 const char          *method,
                                                 const char          *url,
                                                 gint64               company_id,
                                                 GBytes              *body,
                                                 const char          *content_type,
                                                 PlumbRequestFlags    flags,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
PlumbResponse *plumb_session_call_raw_finish    (PlumbSession        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
char          *plumb_session_build_url          (PlumbSession        *self,
                                                 const char          *path);
gboolean       plumb_session_header_get_uint    (SoupMessageHeaders  *headers,
                                                 const char          *name,
                                                 guint               *value);
guint          plumb_session_get_max_concurrent (PlumbSession        *self);
void           plumb_session_emit_page_loaded   (PlumbSession        *self,
                                                 const char          *path,
                                                 guint                page,
                                                 guint                n_pages);

/* plumb-account.c: the Bearer token for the next call. With @rejected (the
 * token a 401 answered), refreshes once unless another call already did. */
void           plumb_account_get_token_async    (PlumbAccount        *account,
                                                 const char          *rejected,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char          *plumb_account_get_token_finish   (PlumbAccount        *account,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
