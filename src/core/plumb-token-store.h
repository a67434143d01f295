/* plumb-token-store.h: OAuth tokens and the client secret, in libsecret only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLUMB_TOKEN_SCHEMA_NAME "io.github.plumbline.Plumbline.Token"

/* Kept as one secret so that a refreshed pair replaces the old pair in one
 * write: a reader never sees a new access token beside a spent refresh token. */
typedef struct
{
  char   *access_token;
  char   *refresh_token;    /* NULL for client credentials */
  char   *client_secret;
  char   *grant;            /* "authorization_code" or "client_credentials" */
  gint64  expires_at;       /* Unix seconds */
  gint64  lifetime;         /* seconds the last token was given for; not stored */
} PlumbTokens;

PlumbTokens *plumb_tokens_new              (void);
PlumbTokens *plumb_tokens_copy             (const PlumbTokens  *tokens);
void         plumb_tokens_free             (PlumbTokens        *tokens);
gboolean     plumb_tokens_update_from_json (PlumbTokens        *tokens,
                                            JsonNode           *answer,
                                            gint64              now,
                                            GError            **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbTokens, plumb_tokens_free)

void         plumb_token_store_save_async  (const char         *server,
                                            const char         *account,
                                            const PlumbTokens  *tokens,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean     plumb_token_store_save_finish (GAsyncResult       *result,
                                            GError            **error);
/* Answers NULL without an error when nothing is stored. */
void         plumb_token_store_load_async  (const char         *server,
                                            const char         *account,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
PlumbTokens *plumb_token_store_load_finish (GAsyncResult       *result,
                                            GError            **error);
void         plumb_token_store_clear_async (const char         *server,
                                            const char         *account,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean     plumb_token_store_clear_finish (GAsyncResult      *result,
                                             GError           **error);

G_END_DECLS
