/* plumb-user-list.h: every person of a company's list, as the server sent them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "plumb-user.h"

G_BEGIN_DECLS

#define PLUMB_TYPE_USER_LIST (plumb_user_list_get_type ())

G_DECLARE_FINAL_TYPE (PlumbUserList, plumb_user_list, PLUMB, USER_LIST, GObject)

/* The records of a user list, checked to be JSON objects and kept as their
 * text: a PlumbUser is read from a record only when asked for, so a big
 * company is loaded at the speed of the network. */
guint        plumb_user_list_get_n_users (PlumbUserList *self);
gint64       plumb_user_list_get_id      (PlumbUserList *self,
                                          guint          index);
const char  *plumb_user_list_get_json    (PlumbUserList *self,
                                          guint          index,
                                          gsize         *len);
PlumbUser   *plumb_user_list_dup_user    (PlumbUserList *self,
                                          guint          index);

G_END_DECLS
