/* fuzz-api-error.c: an error answer of the API, any status, any body
 *
 * The first two bytes are the status (folded into 100..599), the rest the
 * body as it came.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plumb-api-error.h"
#include "plumb-error.h"

#include "../fuzz-json.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  if (size < 2)
    return 0;
  status = 100 + ((data[0] << 8) | data[1]) % 500;
  body = g_bytes_new_static (data + 2, size - 2);
  soup_message_headers_append (headers, "Content-Type", "application/json");

  error = plumb_api_error_from_response (status, headers, body);
  g_assert_nonnull (error);
  g_assert_true (error->domain == PLUMB_ERROR);
  g_assert_nonnull (error->message);
  /* A sentence for a person: it must be text. */
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (error->message, !=, "");
  return 0;
}
