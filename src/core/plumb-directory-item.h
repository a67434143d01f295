/* plumb-directory-item.h: one row of the company directory, for list views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "plumb-store-rows.h"
#include "plumb-user.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_DIRECTORY_ITEM (plumb_directory_item_get_type ())

G_DECLARE_FINAL_TYPE (PlumbDirectoryItem, plumb_directory_item, PLUMB, DIRECTORY_ITEM, GObject)

/* Properties (read-only): "id", "name", "initials", "email", "job-title",
 * "vendor", "permission-template", "last-login" (words), "invitation-state",
 * "invitation-text", "button-label", "pending-invite", "avatar-url". */
PlumbDirectoryItem   *plumb_directory_item_new                  (PlumbUserRows *rows,
                                                                 guint          index,
                                                                 GDateTime     *now,
                                                                 gboolean       pending_invite);
/* Points the item at another person; emits "changed" when it did change.
 * Lists reuse their rows' items from one search to the next this way. */
void                  plumb_directory_item_set_row              (PlumbDirectoryItem *self,
                                                                 PlumbUserRows      *rows,
                                                                 guint               index,
                                                                 GDateTime          *now,
                                                                 gboolean            pending_invite);
gint64                plumb_directory_item_get_id               (PlumbDirectoryItem *self);
const char           *plumb_directory_item_get_name             (PlumbDirectoryItem *self);
const char           *plumb_directory_item_get_email            (PlumbDirectoryItem *self);
const char           *plumb_directory_item_get_job_title        (PlumbDirectoryItem *self);
const char           *plumb_directory_item_get_vendor           (PlumbDirectoryItem *self);
const char           *plumb_directory_item_get_permission_template (PlumbDirectoryItem *self);
const char           *plumb_directory_item_get_avatar_url       (PlumbDirectoryItem *self);
PlumbInvitationState  plumb_directory_item_get_invitation_state (PlumbDirectoryItem *self);
gboolean              plumb_directory_item_get_pending_invite   (PlumbDirectoryItem *self);
char                 *plumb_directory_item_dup_invitation_text  (PlumbDirectoryItem *self);
char                 *plumb_directory_item_dup_last_login       (PlumbDirectoryItem *self);
char                 *plumb_directory_item_dup_schedule         (PlumbDirectoryItem *self);
const char           *plumb_directory_item_get_button_label     (PlumbDirectoryItem *self);
GDateTime            *plumb_directory_item_get_welcome_sent_at  (PlumbDirectoryItem *self);
GDateTime            *plumb_directory_item_get_last_login_at    (PlumbDirectoryItem *self);

G_END_DECLS
