/* plumb-account.h: signing in to Procore and staying signed in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plumb-session.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_ACCOUNT (plumb_account_get_type ())

G_DECLARE_FINAL_TYPE (PlumbAccount, plumb_account, PLUMB, ACCOUNT, GObject)

#define PLUMB_OOB_REDIRECT_URI "urn:ietf:wg:oauth:2.0:oob"

/* The embedded sandbox's demo application (HACKING.md): it opens only the
 * sandbox, so it is no secret. Offered for loopback servers only. */
#define PLUMB_DEMO_CLIENT_ID      "plumbline-demo"
#define PLUMB_DEMO_CLIENT_SECRET  "plumbline-demo-secret"

/* Properties: "api-url", "login-url", "client-id", "use-keyring"
 * (construct-only); "signed-in", "login" (the sign-in email), "user-id",
 * "user-name", "expires-at" (Unix seconds), "grant", "account-key"
 * (read-only, notified). With use-keyring FALSE the tokens live in memory
 * only (the embedded sandbox). */
PlumbAccount *plumb_account_new                       (const char          *api_url,
                                                       const char          *login_url,
                                                       const char          *client_id,
                                                       gboolean             use_keyring);
PlumbSession *plumb_account_get_session               (PlumbAccount        *self);
gboolean      plumb_account_get_signed_in             (PlumbAccount        *self);
const char   *plumb_account_get_login                 (PlumbAccount        *self);
gint64        plumb_account_get_user_id               (PlumbAccount        *self);
const char   *plumb_account_get_user_name             (PlumbAccount        *self);
gint64        plumb_account_get_expires_at            (PlumbAccount        *self);
const char   *plumb_account_get_grant                 (PlumbAccount        *self);
const char   *plumb_account_get_account_key           (PlumbAccount        *self);
const char   *plumb_account_get_client_id             (PlumbAccount        *self);
void          plumb_account_set_company_id            (PlumbAccount        *self,
                                                       gint64               company_id);

void          plumb_account_sign_in_client_credentials_async  (PlumbAccount        *self,
                                                               const char          *client_secret,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean      plumb_account_sign_in_client_credentials_finish (PlumbAccount        *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* The address to open in a browser; @login_hint may be NULL. */
char         *plumb_account_begin_authorization       (PlumbAccount        *self,
                                                       const char          *client_secret,
                                                       const char          *login_hint,
                                                       GError             **error);
/* @pasted is the code, or the whole address of the page that showed it. */
void          plumb_account_finish_authorization_async  (PlumbAccount        *self,
                                                         const char          *pasted,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean      plumb_account_finish_authorization_finish (PlumbAccount        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Picks up a sign-in kept in the keyring under @account_key. */
void          plumb_account_restore_async             (PlumbAccount        *self,
                                                       const char          *account_key,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean      plumb_account_restore_finish            (PlumbAccount        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Asks the server who is signed in and updates login, user-id, user-name. */
void          plumb_account_load_user_async           (PlumbAccount        *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean      plumb_account_load_user_finish          (PlumbAccount        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

void          plumb_account_refresh_async             (PlumbAccount        *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean      plumb_account_refresh_finish            (PlumbAccount        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Revokes the tokens at the server and forgets them here. */
void          plumb_account_sign_out_async            (PlumbAccount        *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean      plumb_account_sign_out_finish           (PlumbAccount        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
