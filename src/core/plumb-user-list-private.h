/* plumb-user-list-private.h: how the API client fills a PlumbUserList
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plumb-user-list.h"

G_BEGIN_DECLS

PlumbUserList *plumb_user_list_new       (void);
/* Checks one page (a JSON array of objects) and keeps a copy of its
 * records; the answer goes to plumb_user_list_add_page(), pages in order.
 * Thread-safe. */
GArray        *plumb_user_list_read_page (PlumbUserList  *self,
                                          const char     *data,
                                          gsize           len,
                                          GError        **error);
void           plumb_user_list_add_page  (PlumbUserList  *self,
                                          GArray         *records);

G_END_DECLS
