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
