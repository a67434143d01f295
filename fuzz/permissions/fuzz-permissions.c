/* fuzz-permissions.c: the permissions manifest
 * (GET /rest/v1.0/settings/permissions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-permissions.h"

#include "../fuzz-json.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse_json (data, size);
  g_autoptr(PlumbPermissions) permissions = plumb_permissions_new_from_json (5001, root);
  g_autofree char *invite = NULL;
  g_autofree char *email = NULL;
  PlumbAccessLevel level;

  g_assert_nonnull (permissions);
  level = plumb_permissions_get_directory_level (permissions);
  g_assert_cmpint (level, >=, PLUMB_ACCESS_NONE);
  g_assert_cmpint (level, <=, PLUMB_ACCESS_ADMIN);

  /* Whoever may invite has no sentence about what is missing, and the
   * other way round. */
  invite = plumb_permissions_dup_missing_sentence (permissions, FALSE);
  email = plumb_permissions_dup_missing_sentence (permissions, TRUE);
  g_assert_true ((invite == NULL) == plumb_permissions_can_invite (permissions));
  g_assert_true ((email == NULL) == plumb_permissions_can_change_email (permissions));
  return 0;
}
