/* plumb-api.h: the Procore calls Plumbline makes, over a PlumbSession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plumb-company.h"
#include "plumb-permissions.h"
#include "plumb-session.h"
#include "plumb-user.h"
#include "plumb-user-list.h"

G_BEGIN_DECLS

#define PLUMB_USERS_PER_PAGE 1000

/* @company_id is only needed by service accounts (0 = none): a GListStore
 * of PlumbCompany. */
void              plumb_api_list_companies_async   (PlumbSession        *session,
                                                    gint64               company_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GListStore       *plumb_api_list_companies_finish  (PlumbSession        *session,
                                                    GAsyncResult        *result,
                                                    GError             **error);

void              plumb_api_get_permissions_async  (PlumbSession        *session,
                                                    gint64               company_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
PlumbPermissions *plumb_api_get_permissions_finish (PlumbSession        *session,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Active people (or inactive ones), every page; @query is an encoded
 * filter such as "filters%5Bsearch%5D=alex", or NULL. A GPtrArray of
 * PlumbUser in the server's order. */
void              plumb_api_list_users_async       (PlumbSession        *session,
                                                    gint64               company_id,
                                                    gboolean             inactive,
                                                    const char          *query,
                                                    guint                per_page,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray        *plumb_api_list_users_finish      (PlumbSession        *session,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* The same list as a PlumbUserList: each record checked and kept as its
 * JSON, a PlumbUser made only for the records asked for. For lists too big
 * to turn into objects all at once. */
void              plumb_api_list_user_records_async  (PlumbSession        *session,
                                                      gint64               company_id,
                                                      gboolean             inactive,
                                                      const char          *query,
                                                      guint                per_page,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
PlumbUserList    *plumb_api_list_user_records_finish (PlumbSession        *session,
                                                      GAsyncResult        *result,
                                                      GError             **error);

void              plumb_api_get_user_async         (PlumbSession        *session,
                                                    gint64               company_id,
                                                    gint64               user_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
PlumbUser        *plumb_api_get_user_finish        (PlumbSession        *session,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* @changes holds API field names and their new values. Per-field problems
 * come back as PLUMB_ERROR_VALIDATION with plumb_error_dup_field_message(). */
void              plumb_api_update_user_async      (PlumbSession        *session,
                                                    gint64               company_id,
                                                    gint64               user_id,
                                                    JsonObject          *changes,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
PlumbUser        *plumb_api_update_user_finish     (PlumbSession        *session,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Sends the "Welcome to Procore" email. Never repeated on its own: when the
 * answer is lost the error is PLUMB_ERROR_UNCERTAIN. */
void              plumb_api_invite_user_async      (PlumbSession        *session,
                                                    gint64               company_id,
                                                    gint64               user_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          plumb_api_invite_user_finish     (PlumbSession        *session,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
