/* plumb-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plumb-account.h"
#include "plumb-environment.h"

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
