/* plumb-permissions.h: what the signed-in account may do in a company's directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLUMB_TYPE_PERMISSIONS (plumb_permissions_get_type ())
#define PLUMB_TYPE_ACCESS_LEVEL (plumb_access_level_get_type ())

G_DECLARE_FINAL_TYPE (PlumbPermissions, plumb_permissions, PLUMB, PERMISSIONS, GObject)

typedef enum
{
  PLUMB_ACCESS_NONE,
  PLUMB_ACCESS_READ_ONLY,
  PLUMB_ACCESS_STANDARD,
  PLUMB_ACCESS_ADMIN,
} PlumbAccessLevel;

GType             plumb_access_level_get_type              (void) G_GNUC_CONST;

/* Properties: "company-id", "directory-level" (PlumbAccessLevel),
 * "can-create-users", "can-invite", "can-change-email" (all read-only). */
PlumbPermissions *plumb_permissions_new                    (gint64            company_id,
                                                            PlumbAccessLevel  directory_level,
                                                            gboolean          can_create_users);
/* From GET /rest/v1.0/settings/permissions?company_id=X */
PlumbPermissions *plumb_permissions_new_from_json          (gint64            company_id,
                                                            JsonNode         *node);
gint64            plumb_permissions_get_company_id         (PlumbPermissions *self);
PlumbAccessLevel  plumb_permissions_get_directory_level    (PlumbPermissions *self);
gboolean          plumb_permissions_get_can_create_users   (PlumbPermissions *self);
gboolean          plumb_permissions_can_invite             (PlumbPermissions *self);
gboolean          plumb_permissions_can_change_email       (PlumbPermissions *self);
/* A sentence naming the permission that is missing to invite (or, with
 * @for_email, to change an email address); NULL when nothing is missing. */
char             *plumb_permissions_dup_missing_sentence   (PlumbPermissions *self,
                                                            gboolean          for_email);

G_END_DECLS
