/* plumb-json.h: members of a JSON object from the network, read by type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib's *_member_with_default() warn (a critical) when a member holds
 * an object or an array where a value was expected. An answer from the
 * network may hold anything: these take a member only when it has the
 * expected type, and otherwise give the fallback, quietly.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The string, or NULL when the member is missing, null or not a string. */
const char *plumb_json_string  (JsonObject *object,
                                const char *name);
/* The whole number, or @fallback when it is anything else. */
gint64      plumb_json_int     (JsonObject *object,
                                const char *name,
                                gint64      fallback);
/* true or false, or @fallback when it is anything else. */
gboolean    plumb_json_boolean (JsonObject *object,
                                const char *name,
                                gboolean    fallback);

G_END_DECLS
