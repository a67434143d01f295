/* plumb-portal-private.h: what the portal client's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "plumb-portal.h"

G_BEGIN_DECLS

/* Which call an answer came from: the same portal error means a different
 * thing to tell the learner on each step. */
typedef enum
{
  PLUMB_PORTAL_OP_SIGN_IN,
  PLUMB_PORTAL_OP_REQUEST_RESET,
  PLUMB_PORTAL_OP_COMPLETE_RESET,
  PLUMB_PORTAL_OP_PROFILE,
  PLUMB_PORTAL_OP_UPDATE_EMAIL,
  PLUMB_PORTAL_OP_PROCORE_SIGN_IN,
  PLUMB_PORTAL_OP_REGISTRATIONS,
  PLUMB_PORTAL_OP_ADMIN,
  PLUMB_PORTAL_OP_SANDBOX_MAIL,
} PlumbPortalOp;

typedef gpointer (*PlumbPortalConvert) (PlumbPortal  *self,
                                        JsonNode     *node,
                                        GError      **error);

/* plumb-portal.c: one call to the portal. @auth is the whole Authorization
 * header, "" for none, or NULL for the session's; @email names the learner
 * in error messages; @convert turns the answer into the result. */
void                     plumb_portal_call                 (PlumbPortal         *self,
                                                            PlumbPortalOp        op,
                                                            const char          *method,
                                                            const char          *path,
                                                            JsonNode            *body,
                                                            const char          *auth,
                                                            const char          *email,
                                                            PlumbPortalConvert   convert,
                                                            GDestroyNotify       destroy,
                                                            gpointer             source_tag,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gpointer                 plumb_portal_call_finish          (PlumbPortal         *self,
                                                            GAsyncResult        *result,
                                                            gpointer             source_tag,
                                                            GError             **error);
void                     plumb_portal_set_session          (PlumbPortal         *self,
                                                            const char          *session);
GUri                    *plumb_portal_get_uri              (PlumbPortal         *self);
char                    *plumb_portal_dup_admin_header     (PlumbPortal         *self);
void                     plumb_portal_wipe                 (char                *secret);
JsonObject              *plumb_portal_json_object          (JsonNode            *node);
JsonObject              *plumb_portal_json_object_member   (JsonObject          *object,
                                                            const char          *name);
const char              *plumb_portal_json_string          (JsonObject          *object,
                                                            const char          *name);

/* plumb-portal-learner.c */
gpointer                 plumb_portal_convert_registrations (PlumbPortal        *self,
                                                            JsonNode            *node,
                                                            GError             **error);

/* plumb-portal-error.c */
GError                  *plumb_portal_error_from_response  (PlumbPortalOp  op,
                                                            guint          status,
                                                            GBytes        *body,
                                                            const char    *email);
GError                  *plumb_portal_error_from_transport (const GError  *error);
GError                  *plumb_portal_error_bad_response   (void);

/* plumb-portal-data.c */
PlumbPortalProfile      *plumb_portal_profile_from_json      (JsonObject   *object);
PlumbPortalRegistration *plumb_portal_registration_from_json (JsonObject   *object);
GPtrArray               *plumb_portal_registrations_from_json (JsonNode    *node);
PlumbPortalMail         *plumb_portal_mail_from_json         (JsonObject   *object);

G_END_DECLS
