/* plumb-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plumb-account.h"
#include "plumb-environment.h"
#include "plumb-invite-batch.h"
#include "plumb-permissions.h"
#include "plumb-store.h"
#include "plumb-sync-engine.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_APPLICATION (plumb_application_get_type ())

G_DECLARE_FINAL_TYPE (PlumbApplication, plumb_application, PLUMB, APPLICATION, AdwApplication)

PlumbApplication *plumb_application_new                     (void);
GSettings        *plumb_application_get_settings            (PlumbApplication    *self);
PlumbAccount     *plumb_application_get_account             (PlumbApplication    *self);
PlumbEnvironment  plumb_application_get_environment         (PlumbApplication    *self);
const char       *plumb_application_get_environment_title   (PlumbApplication    *self);
const char       *plumb_application_get_sandbox_url         (PlumbApplication    *self);
const char       *plumb_application_get_client_id           (PlumbApplication    *self);
GListModel       *plumb_application_get_companies           (PlumbApplication    *self);
gint64            plumb_application_get_company_id          (PlumbApplication    *self);
void              plumb_application_set_company_id          (PlumbApplication    *self,
                                                             gint64               company_id);
const char       *plumb_application_get_company_name        (PlumbApplication    *self);

PlumbStore       *plumb_application_get_store               (PlumbApplication    *self);
PlumbSyncEngine  *plumb_application_get_sync_engine         (PlumbApplication    *self);
PlumbPermissions *plumb_application_get_permissions         (PlumbApplication    *self);
gboolean          plumb_application_get_online              (PlumbApplication    *self);
gboolean          plumb_application_get_restoring           (PlumbApplication    *self);
const char       *plumb_application_get_restore_error       (PlumbApplication    *self);
GDateTime        *plumb_application_dup_server_now          (PlumbApplication    *self);
char             *plumb_application_dup_last_sync_text      (PlumbApplication    *self);
const gint64     *plumb_application_get_pending_invites     (PlumbApplication    *self);
guint             plumb_application_get_n_pending_invites   (PlumbApplication    *self);
void              plumb_application_sync_now_action         (GSimpleAction       *action,
                                                             GVariant            *parameter,
                                                             gpointer             user_data);
void              plumb_application_invite_async            (PlumbApplication    *self,
                                                             const gint64        *ids,
                                                             guint                n_ids,
                                                             PlumbInviteProgress  progress,
                                                             gpointer             progress_data,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray        *plumb_application_invite_finish           (PlumbApplication    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void              plumb_application_add_person_async        (PlumbApplication    *self,
                                                             JsonObject          *fields,
                                                             gboolean             invite,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean          plumb_application_add_person_finish       (PlumbApplication    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Demos and benchmarks: the embedded sandbox makes a company of @n people
 * instead of the hand-made demo one (0). Read when the sandbox starts. */
void              plumb_application_set_sandbox_people      (PlumbApplication    *self,
                                                             guint                n);
/* Tests and demos: judge reachability by @monitor instead of the system's. */
void              plumb_application_set_network_monitor     (PlumbApplication    *self,
                                                             GNetworkMonitor     *monitor);
void              plumb_application_explore_sandbox_as_async (PlumbApplication   *self,
                                                             const char          *login,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
void              plumb_application_explore_sandbox_async   (PlumbApplication    *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean          plumb_application_explore_sandbox_finish  (PlumbApplication    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void              plumb_application_begin_sign_in_async     (PlumbApplication    *self,
                                                             const char          *client_id,
                                                             const char          *client_secret,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char             *plumb_application_begin_sign_in_finish    (PlumbApplication    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void              plumb_application_finish_sign_in_async    (PlumbApplication    *self,
                                                             const char          *pasted,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean          plumb_application_finish_sign_in_finish   (PlumbApplication    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
