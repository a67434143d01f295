/* fuzz-tokens.c: an answer of /oauth/token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-token-store.h"

#include "../fuzz-json.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse_json (data, size);
  g_autoptr(PlumbTokens) tokens = plumb_tokens_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* A refresh: the old pair is in place when the answer comes. */
  tokens->access_token = g_strdup ("old-access");
  tokens->refresh_token = g_strdup ("old-refresh");
  ok = plumb_tokens_update_from_json (tokens, root, 1700000000, &error);
  g_assert_true (ok == (error == NULL));
  g_assert_nonnull (tokens->access_token);
  g_assert_nonnull (tokens->refresh_token);
  if (!ok)
    {
      g_assert_cmpstr (tokens->access_token, ==, "old-access");
      g_assert_cmpstr (tokens->refresh_token, ==, "old-refresh");
    }
  else
    {
      g_assert_cmpstr (tokens->access_token, !=, "");
      g_assert_cmpint (tokens->expires_at, >=, 1700000000);
    }
  return 0;
}
