/* plumb-profile-rules.h: what a valid profile field is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLUMB_INITIALS_MAX 3

gboolean  plumb_profile_check_email     (const char  *text,
                                         GError     **error);
gboolean  plumb_profile_check_phone     (const char  *text,
                                         GError     **error);
gboolean  plumb_profile_check_extension (const char  *text,
                                         gint64      *value,
                                         GError     **error);
gboolean  plumb_profile_check_initials  (const char  *text,
                                         GError     **error);
char     *plumb_profile_suggest_initials (const char *first_name,
                                          const char *last_name);

G_END_DECLS
