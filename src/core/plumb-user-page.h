/* plumb-user-page.h: a page of the API's user list read without a JSON tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plumb-store-records.h"

G_BEGIN_DECLS

typedef enum
{
  /* Each person's id, is_active and the span of their object; the page's
   * newest updated_at. What a first full sync needs. */
  PLUMB_USER_PAGE_INDEX,
  /* And the directory's columns, decoded. */
  PLUMB_USER_PAGE_COLUMNS,
} PlumbUserPageMode;

/* PlumbUserPage is declared in plumb-store-records.h. */

/* Reads exactly JSON (RFC 8259, UTF-8) and only a top-level array of
 * objects, each with an integer id; NULL for anything else. The records
 * point into @body, which the page keeps. */
PlumbUserPage *plumb_user_page_read             (GBytes            *body,
                                                 PlumbUserPageMode  mode);
void           plumb_user_page_free             (PlumbUserPage     *page);
GBytes        *plumb_user_page_get_body         (PlumbUserPage     *page);
/* PlumbUserRecord, in the page's order. In index mode only id,
 * is_active, json and json_len are set. */
GArray        *plumb_user_page_get_records      (PlumbUserPage     *page);
/* Unix seconds of the newest updated_at on the page, 0 if none. */
gint64         plumb_user_page_get_max_updated  (PlumbUserPage     *page);

/* Unix seconds of an ISO 8601 time, 0 if it is none. */
gint64         plumb_user_page_parse_time       (const char        *text,
                                                 gsize              len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlumbUserPage, plumb_user_page_free)

G_END_DECLS
