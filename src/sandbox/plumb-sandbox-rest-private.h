/* plumb-sandbox-rest-private.h: what the directory's read and write sides share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-sandbox-private.h"

G_BEGIN_DECLS

void plumb_sandbox_respond_user         (PlumbSandboxRequest *req,
                                         guint                status,
                                         PlumbSandboxCompany *company,
                                         PlumbSandboxUser    *user);
void plumb_sandbox_respond_forbidden    (PlumbSandboxRequest *req,
                                         const char          *message);
void plumb_sandbox_add_field_error      (JsonObject          *errors,
                                         const char          *field,
                                         const char          *message);

/* plumb-sandbox-rest-edit.c */
void plumb_sandbox_rest_create_user     (PlumbSandboxRequest *req,
                                         PlumbSandboxCompany *company,
                                         PlumbSandboxUser    *caller);
void plumb_sandbox_rest_update_user     (PlumbSandboxRequest *req,
                                         PlumbSandboxCompany *company,
                                         PlumbSandboxUser    *caller,
                                         PlumbSandboxUser    *target);
void plumb_sandbox_rest_invite_user     (PlumbSandboxRequest *req,
                                         PlumbSandboxCompany *company,
                                         PlumbSandboxUser    *caller,
                                         PlumbSandboxUser    *target);
void plumb_sandbox_rest_reactivate_user (PlumbSandboxRequest *req,
                                         PlumbSandboxCompany *company,
                                         PlumbSandboxUser    *caller,
                                         PlumbSandboxUser    *target);

G_END_DECLS
