/* plumb-user.h: one person in a company's Procore directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLUMB_TYPE_USER (plumb_user_get_type ())
#define PLUMB_TYPE_INVITATION_STATE (plumb_invitation_state_get_type ())

G_DECLARE_FINAL_TYPE (PlumbUser, plumb_user, PLUMB, USER, GObject)

typedef enum
{
  PLUMB_INVITATION_NEVER_INVITED,   /* no welcome email yet: "Invite" */
  PLUMB_INVITATION_INVITED,         /* invited, has not signed in: "Re-invite" */
  PLUMB_INVITATION_SIGNED_IN,       /* has signed in to Procore */
} PlumbInvitationState;

GType                 plumb_invitation_state_get_type       (void) G_GNUC_CONST;
PlumbInvitationState  plumb_invitation_state_derive         (GDateTime  *welcome_email_sent_at,
                                                             GDateTime  *last_login_at);

/* Every field of the API's user list is a property of the same name with
 * '-' for '_' ("email-address", "welcome-email-sent-at"); permission_template,
 * company_permission_template and vendor become "...-id" and "...-name".
 * Times are GDateTime (NULL for null); "business-phone-extension" is -1 for
 * null; "invitation-state" is derived and read-only. */
PlumbUser            *plumb_user_new                        (void);
PlumbUser            *plumb_user_new_from_json              (JsonObject *object);
JsonObject           *plumb_user_to_json                    (PlumbUser  *self);

gint64                plumb_user_get_id                     (PlumbUser  *self);
const char           *plumb_user_get_name                   (PlumbUser  *self);
const char           *plumb_user_get_first_name             (PlumbUser  *self);
const char           *plumb_user_get_last_name              (PlumbUser  *self);
const char           *plumb_user_get_email_address          (PlumbUser  *self);
const char           *plumb_user_get_job_title              (PlumbUser  *self);
gint64                plumb_user_get_business_phone_extension (PlumbUser *self);
gboolean              plumb_user_get_is_active              (PlumbUser  *self);
GDateTime            *plumb_user_get_updated_at             (PlumbUser  *self);
GDateTime            *plumb_user_get_welcome_email_sent_at  (PlumbUser  *self);
GDateTime            *plumb_user_get_last_login_at          (PlumbUser  *self);
PlumbInvitationState  plumb_user_get_invitation_state       (PlumbUser  *self);

G_END_DECLS
