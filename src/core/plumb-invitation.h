/* plumb-invitation.h: where an invitation stands, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "plumb-user.h"

G_BEGIN_DECLS

/* Procore follows an invitation up after 3, 7 and 14 days while the person
 * has not signed in. */
#define PLUMB_INVITATION_N_FOLLOWUPS 3

extern const guint plumb_invitation_followup_days[PLUMB_INVITATION_N_FOLLOWUPS];

guint       plumb_invitation_count_followups  (GDateTime  *sent_at,
                                               GDateTime  *now);
GDateTime  *plumb_invitation_next_followup    (GDateTime  *sent_at,
                                               GDateTime  *now);
char       *plumb_invitation_describe         (GDateTime  *sent_at,
                                               GDateTime  *last_login_at,
                                               GDateTime  *now);
char       *plumb_invitation_describe_schedule (GDateTime *sent_at,
                                                GDateTime *last_login_at,
                                                GDateTime *now);
const char *plumb_invitation_button_label     (PlumbInvitationState state);
GDateTime  *plumb_parse_timestamp             (const char *text);

G_END_DECLS
